package com.aperilex.flow.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import com.aperilex.flow.domain.TaskLane;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.apache.camel.model.RouteDefinition;
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
 * placeholder resolved, the dev, local and aws models are identical once each profile's own queue
 * endpoints (the resolved {@code aperilex.queue.lanes.<lane>.uri} of every priority lane and
 * {@code aperilex.queue.dead-letter-uri}) are
 * set aside; every other endpoint URI is the same everywhere. Nothing here copies a URI from the routes or
 * the configuration: the queue endpoints are read from each profile's resolved properties.
 */
class ProfileEquivalenceTest {
    private static final Path ROUTES = Path.of("..", "routes");
    private static final Pattern URI_ATTRIBUTE = Pattern.compile("\\buri=\"([^\"]*)\"");
    private static final List<String> PROFILES = List.of("dev", "local", "aws");
    /** The properties that name a profile's broker endpoints, which the profiles set differently. */
    private static final List<String> QUEUE_ENDPOINTS = Stream.concat(
            Arrays.stream(TaskLane.values()).map(lane -> "aperilex.queue.lanes." + lane.wireName() + ".uri"),
            Stream.of("aperilex.queue.dead-letter-uri")).toList();

    @Test
    void routesAreIdenticalOnEveryProfileButForTheirQueueEndpoints() throws Exception {
        Map<String, String> models = new LinkedHashMap<>();
        Map<String, Map<String, Long>> queueUses = new LinkedHashMap<>();
        Map<String, Map<String, String>> queueUris = new LinkedHashMap<>();
        for (String profile : PROFILES) {
            StandardEnvironment environment = environment(profile);
            Map<String, String> endpoints = new LinkedHashMap<>();
            for (String property : QUEUE_ENDPOINTS) {
                endpoints.put(property, environment.getRequiredProperty(property));
            }
            queueUris.put(profile, endpoints);
            Map<String, Long> uses = new TreeMap<>();
            Matcher m = URI_ATTRIBUTE.matcher(resolvedModel(environment));
            StringBuilder masked = new StringBuilder();
            while (m.find()) {
                String uri = unescapeXml(m.group(1));
                assertThat(uri).as(profile + ": an unresolved placeholder").doesNotContain("{{").doesNotContain("${aperilex");
                String attribute = m.group();
                for (var endpoint : endpoints.entrySet()) {
                    if (uri.equals(endpoint.getValue())) {
                        attribute = "uri=\"{{" + endpoint.getKey() + "}}\"";
                        uses.merge(endpoint.getKey(), 1L, Long::sum);
                    }
                }
                m.appendReplacement(masked, Matcher.quoteReplacement(attribute));
            }
            m.appendTail(masked);
            models.put(profile, masked.toString());
            queueUses.put(profile, uses);
        }

        // The routes loaded (catch clauses included, see resolvedModel), on every profile the same.
        assertThat(models.get("dev")).contains("<route ", "<rest", "doCatch");
        assertThat(models.get("local")).isEqualTo(models.get("dev"));
        assertThat(models.get("aws")).isEqualTo(models.get("dev"));
        // Each queue endpoint is used by the routes, as often on every profile (the models are equal).
        assertThat(queueUses.get("dev")).containsOnlyKeys(QUEUE_ENDPOINTS);
        // Every lane has its consumer route and its publish: its endpoint appears twice.
        for (TaskLane lane : TaskLane.values()) {
            assertThat(queueUses.get("dev").get("aperilex.queue.lanes." + lane.wireName() + ".uri")).as(lane.wireName())
                    .isEqualTo(2L);
            assertThat(models.get("dev")).contains("consume-tasks-" + lane.wireName());
        }
        // No two lanes share a queue.
        for (String profile : PROFILES) {
            assertThat(queueUris.get(profile).values()).as(profile).doesNotHaveDuplicates();
        }
        // The profiles do differ there, by broker: RabbitMQ on local, SQS on dev and aws.
        for (String property : QUEUE_ENDPOINTS) {
            assertThat(queueUris.get("local").get(property)).startsWith("spring-rabbitmq:");
            assertThat(queueUris.get("dev").get(property)).startsWith("aws2-sqs:");
            assertThat(queueUris.get("aws").get(property)).startsWith("aws2-sqs:")
                    .isNotEqualTo(queueUris.get("dev").get(property));
        }
    }

    /** The profile's configuration as Spring layers it: application.yaml, then application-{profile}.yaml over it. */
    private static StandardEnvironment environment(String profile) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        YamlPropertySourceLoader yaml = new YamlPropertySourceLoader();
        // Later files win, as in Spring Boot: the profile's file over the defaults.
        for (String file : List.of("application.yaml", "application-" + profile + ".yaml")) {
            yaml.load(file, new ClassPathResource(file)).forEach(environment.getPropertySources()::addFirst);
        }
        return environment;
    }

    private static String unescapeXml(String text) {
        return text.replace("&quot;", "\"").replace("&apos;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    /** The routes, rests and route configurations of routes/ as XML, every placeholder resolved from the environment. */
    private static String resolvedModel(StandardEnvironment environment) throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().addPropertiesSource(new PropertiesSource() {
                @Override
                public String getName() {
                    return "spring";
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
            // One route at a time: the dumper resolves a templated route's parameters (consume-tasks' lanes) from
            // the parameters of every route it dumps together, the last one winning. A parameter's value that is
            // itself a placeholder (the lane's endpoint property) is left for a second pass, as Camel does when it
            // creates the endpoint. Template instances are numbered by the JVM (nodePrefixId): not part of the model.
            StringBuilder dumpedRoutes = new StringBuilder();
            for (RouteDefinition route : model.getRouteDefinitions()) {
                RoutesDefinition one = new RoutesDefinition();
                one.setRoutes(new ArrayList<>(List.of(route)));
                String xml = dumper.dumpModelAsXml(camel, one, true, false, false);
                dumpedRoutes.append(camel.resolvePropertyPlaceholders(xml).replaceAll(" nodePrefixId=\"[^\"]*\"", ""));
            }
            RestsDefinition rests = new RestsDefinition();
            rests.setRests(model.getRestDefinitions());
            RouteConfigurationsDefinition configurations = new RouteConfigurationsDefinition();
            configurations.setRouteConfigurations(model.getRouteConfigurationDefinitions());
            return dumpedRoutes
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
