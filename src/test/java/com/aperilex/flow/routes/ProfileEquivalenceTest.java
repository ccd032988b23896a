package com.aperilex.flow.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.TryDefinition;
import org.apache.camel.model.RouteConfigurationsDefinition;
import org.apache.camel.model.RoutesDefinition;
import org.apache.camel.model.rest.RestsDefinition;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * The route files are the same program on every profile: loaded with each profile's configuration
 * (application.yaml under application-{profile}.yaml, as Spring layers them) and dumped with every
 * placeholder resolved, the dev, local and aws models are identical once endpoint URIs are set aside,
 * and the URIs differ exactly where the profiles say.
 */
class ProfileEquivalenceTest {
    private static final Path ROUTES = Path.of("..", "routes");
    private static final Pattern URI_ATTRIBUTE = Pattern.compile("\\buri=\"([^\"]*)\"");

    @Test
    void routesAreIdenticalOnEveryProfileButForEndpointUris() throws Exception {
        Map<String, String> models = new LinkedHashMap<>();
        Map<String, List<String>> uris = new LinkedHashMap<>();
        for (String profile : List.of("dev", "local", "aws")) {
            String model = resolvedModel(profile);
            List<String> found = new ArrayList<>();
            Matcher m = URI_ATTRIBUTE.matcher(model);
            while (m.find()) {
                found.add(m.group(1));
            }
            uris.put(profile, found);
            models.put(profile, URI_ATTRIBUTE.matcher(model).replaceAll("uri=\"<endpoint>\""));
        }

        assertThat(models.get("dev")).contains("consume-tasks", "submit-analysis", "process-task", "edgar-get",
                "doCatch", "failUnsupportedSchema");
        assertThat(models.get("local")).isEqualTo(models.get("dev"));
        assertThat(models.get("aws")).isEqualTo(models.get("dev"));

        // Same endpoints in the same places; only the queue's differ, by broker.
        assertThat(uris.get("local")).hasSameSizeAs(uris.get("dev"));
        assertThat(uris.get("aws")).hasSameSizeAs(uris.get("dev"));
        Map<String, List<String>> differing = new TreeMap<>();
        for (int i = 0; i < uris.get("dev").size(); i++) {
            String dev = uris.get("dev").get(i);
            String local = uris.get("local").get(i);
            String aws = uris.get("aws").get(i);
            if (!dev.equals(local) || !dev.equals(aws)) {
                differing.put(dev, List.of(local, aws));
            }
        }
        assertThat(uris.values()).allSatisfy(list -> assertThat(list).noneMatch(u -> u.contains("{{") || u.contains("${aperilex")));
        // Two distinct queue URIs: the tasks queue (consumed, published by the intake and both republishers)
        // and the dead-letter queue.
        assertThat(differing).hasSize(2);
        assertThat(uris.get("local").stream().filter(u -> u.startsWith("spring-rabbitmq:"))).hasSize(5);
        assertThat(uris.get("local")).contains("spring-rabbitmq:aperilex.tasks.dlx?queues=aperilex.tasks.dlq&amp;routingKey=tasks"
                + "&amp;autoDeclareProducer=true&amp;arg.queue.durable=true&amp;confirm=enabled&amp;confirmTimeout=5000&amp;disableReplyTo=true");
        differing.forEach((dev, others) -> {
            assertThat(dev).startsWith("aws2-sqs://aperilex-tasks");
            assertThat(others.get(0)).startsWith("spring-rabbitmq:aperilex.tasks");
            assertThat(others.get(1)).startsWith("aws2-sqs://aperilex-tasks").contains("amazonSQSClient=#sqsClient");
        });
    }

    /** The routes, rests and route configurations of routes/ as XML, every placeholder resolved for the profile. */
    private static String resolvedModel(String profile) throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        YamlPropertySourceLoader yaml = new YamlPropertySourceLoader();
        // Later files win, as in Spring Boot: the profile's file over the defaults.
        for (String file : List.of("application.yaml", "application-" + profile + ".yaml")) {
            yaml.load(file, new ClassPathResource(file)).forEach(environment.getPropertySources()::addFirst);
        }
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().addPropertiesSource(new PropertiesSource() {
                @Override
                public String getName() {
                    return "spring-" + profile;
                }

                @Override
                public String getProperty(String name) {
                    return environment.getProperty(name);
                }
            });
            List<Resource> resources = new ArrayList<>();
            try (Stream<Path> files = Files.walk(ROUTES)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                    resources.add(ResourceHelper.fromString(ROUTES.relativize(file).toString(), read(file)));
                }
            }
            PluginHelper.getRoutesLoader(camel).loadRoutes(resources);
            Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
            var dumper = PluginHelper.getModelToXMLDumper(camel);
            // doTry keeps its catch clauses beside its outputs, where the XML dump does not look: add them
            // to the outputs, or the comparison would miss what they do (the dead-letter publish).
            for (var route : model.getRouteDefinitions()) {
                ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), TryDefinition.class)
                        .forEach(t -> t.getOutputs().addAll(t.getCatchClauses()));
            }
            RoutesDefinition routes = new RoutesDefinition();
            routes.setRoutes(model.getRouteDefinitions());
            RestsDefinition rests = new RestsDefinition();
            rests.setRests(model.getRestDefinitions());
            RouteConfigurationsDefinition configurations = new RouteConfigurationsDefinition();
            configurations.setRouteConfigurations(model.getRouteConfigurationDefinitions());
            return dumper.dumpModelAsXml(camel, routes, true, false, false)
                    + dumper.dumpModelAsXml(camel, rests, true, false, false)
                    + dumper.dumpModelAsXml(camel, configurations, true, false, false);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
