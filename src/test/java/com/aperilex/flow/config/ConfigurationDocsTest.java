package com.aperilex.flow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * {@code docs/configuration.md} is generated from the configuration metadata that
 * spring-boot-configuration-processor writes from the {@code @ConfigurationProperties} records (their
 * {@code @DefaultValue}s and javadoc {@code @param} tags) and from the YAML files, so the reference cannot
 * drift from the code. Run with {@code -Daperilex.docs.write=true} to regenerate it.
 *
 * <p>It also keeps each default in one place: a key the records default is not set again in
 * application.yaml, a profile's file does not repeat a default, RecordDefaultProperties publishes exactly
 * the defaults the metadata shows, and every placeholder a packaged route or an endpoint URI reads is
 * defined in YAML (ProfileEquivalenceTest resolves them from the YAML files alone).
 */
class ConfigurationDocsTest {
    static final Path METADATA = Path.of("target", "classes", "META-INF", "spring-configuration-metadata.json");
    static final Path DOC = Path.of("..", "docs", "configuration.md");
    static final Path ROUTES = Path.of("..", "routes");
    static final String WRITE_PROPERTY = "aperilex.docs.write";
    static final List<String> PROFILES = List.of("dev", "local", "aws");
    /** Values longer than this are not copied into the tables; the table names the file instead. */
    static final int MAX_VALUE_LENGTH = 70;
    private static final Pattern PLACEHOLDER = Pattern.compile("(?:\\{\\{|\\$\\{)(aperilex\\.[A-Za-z0-9.\\-\\[\\]]+)(:[^}]*)?}");

    record Property(String name, String type, String sourceType, String description, String defaultValue) {
    }

    static Map<String, Property> properties;
    static Map<String, String> groupDescriptions;
    /** application.yaml, then application-{profile}.yaml for each profile, flattened. */
    static Map<String, Map<String, String>> yaml;

    @BeforeAll
    static void load() throws IOException {
        if (!Files.exists(METADATA)) {
            fail(METADATA.toAbsolutePath() + " is missing: spring-boot-configuration-processor writes it when src/ compiles");
        }
        JsonNode metadata = new ObjectMapper().readTree(METADATA.toFile());
        properties = new TreeMap<>();
        for (JsonNode p : metadata.path("properties")) {
            String name = p.path("name").asText();
            if (name.startsWith("aperilex.")) {
                String type = p.path("type").asText("");
                String defaultValue = defaultValue(p.get("defaultValue"));
                if (type.startsWith("java.util.List<") && defaultValue != null && defaultValue.startsWith("[")) {
                    // The processor writes a list default as "[1, 1A]"; it is set as 1,1A.
                    defaultValue = defaultValue.substring(1, defaultValue.length() - 1).replace(", ", ",");
                }
                properties.put(name, new Property(name, type, p.path("sourceType").asText(""),
                        p.path("description").asText(""), defaultValue));
            }
        }
        groupDescriptions = new TreeMap<>();
        for (JsonNode g : metadata.path("groups")) {
            String name = g.path("name").asText();
            if (name.startsWith("aperilex")) {
                groupDescriptions.merge(name, g.path("description").asText(""), (a, b) -> a.isEmpty() ? b : a);
            }
        }
        yaml = new LinkedHashMap<>();
        yaml.put("application", flatten("application.yaml"));
        for (String profile : PROFILES) {
            yaml.put(profile, flatten("application-" + profile + ".yaml"));
        }
    }

    @Test
    void docsConfigurationMdIsUpToDate() throws IOException {
        String rendered = render();
        if (Boolean.getBoolean(WRITE_PROPERTY)) {
            Files.createDirectories(DOC.getParent());
            Files.writeString(DOC, rendered, StandardCharsets.UTF_8);
            return;
        }
        String current = Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "";
        if (!current.equals(rendered)) {
            fail(DOC.normalize() + " is stale (or missing): it is generated from the configuration metadata and the "
                    + "YAML files. Regenerate it with\n  mvn -pl src -am test -Dtest=ConfigurationDocsTest "
                    + "-Dsurefire.failIfNoSpecifiedTests=false -D" + WRITE_PROPERTY + "=true\nand commit the result. "
                    + "First difference at line " + firstDifferentLine(current, rendered));
        }
    }

    @Test
    void everyDefaultIsDefinedOnce() {
        List<String> problems = new ArrayList<>();
        yaml.get("application").forEach((key, value) -> {
            Property property = properties.get(key);
            if (property != null && property.defaultValue() != null) {
                problems.add(key + " is set in application.yaml and defaulted by " + simple(property.sourceType())
                        + " (" + property.defaultValue() + "): keep the record's @DefaultValue and delete the YAML line");
            }
        });
        for (String profile : PROFILES) {
            yaml.get(profile).forEach((key, value) -> {
                String defaultValue = effectiveDefault(key);
                if (key.startsWith("aperilex.") && defaultValue != null && defaultValue.equals(value)) {
                    problems.add(key + " in application-" + profile + ".yaml repeats its default " + value + ": delete it");
                }
            });
        }
        for (Map<String, String> file : yaml.values()) {
            file.keySet().stream().filter(key -> key.startsWith("aperilex.")).filter(key -> property(key) == null)
                    .forEach(key -> problems.add(key + " is set in YAML but has no configuration metadata: add it to a "
                            + "@ConfigurationProperties record (or, if it is no record's, to "
                            + "META-INF/additional-spring-configuration-metadata.json with a description)"));
        }
        assertThat(problems).as("one definition per default").isEmpty();
    }

    @Test
    void theEnvironmentGetsExactlyTheRecordsDefaults() {
        List<String> withDefault = properties.values().stream().filter(p -> p.defaultValue() != null)
                .map(Property::name).sorted().toList();
        assertThat(RecordDefaultProperties.defaults().keySet()).as("RecordDefaultProperties against the metadata")
                .containsExactlyElementsOf(withDefault);
        properties.values().stream().filter(p -> p.defaultValue() != null).forEach(p -> assertThat(
                String.valueOf(RecordDefaultProperties.defaults().get(p.name())).replace(".0", ""))
                .as(p.name()).isEqualTo(p.defaultValue().replace(".0", "")));
    }

    @Test
    void everyPlaceholderOfTheRoutesAndUrisIsDefinedInYaml() throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(ROUTES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                sources.put(ROUTES.relativize(file).toString(), Files.readString(file));
            }
        }
        yaml.forEach((file, values) -> sources.put(fileName(file), String.join("\n", values.values())));
        sources.forEach((file, text) -> {
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                String key = m.group(1);
                boolean inlineDefault = m.group(2) != null;
                boolean everywhere = yaml.get("application").containsKey(key)
                        || PROFILES.stream().allMatch(profile -> yaml.get(profile).containsKey(key))
                        || file.startsWith("application-") && yaml.get(profileOf(file)).containsKey(key);
                if (!inlineDefault && !everywhere) {
                    problems.add(file + " reads " + key + " as a placeholder, but no YAML file of every profile sets it. "
                            + "ProfileEquivalenceTest resolves the routes' placeholders from the YAML files alone, "
                            + "without the records' defaults: move its default from the record's @DefaultValue to "
                            + "application.yaml");
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    // ---- rendering ----

    static String render() {
        StringBuilder md = new StringBuilder();
        md.append("# Configuration reference\n\n")
                .append("<!-- Generated by ConfigurationDocsTest from src/target/classes/META-INF/spring-configuration-metadata.json\n")
                .append("     and src/main/resources/application*.yaml. Do not edit: change the record's javadoc @param or\n")
                .append("     @DefaultValue (or the YAML), then run\n")
                .append("     mvn -pl src -am test -Dtest=ConfigurationDocsTest -Dsurefire.failIfNoSpecifiedTests=false -D")
                .append(WRITE_PROPERTY).append("=true -->\n\n")
                .append("Every key can be set in YAML, as `--key=value` on the command line, or as an environment variable: ")
                .append("upper-case it, turn `.` into `_` and drop `-` (`aperilex.queue.dedup-window` → ")
                .append("`APERILEX_QUEUE_DEDUPWINDOW`). Environment and command line outrank the YAML files; on `aws`, ")
                .append("optional Parameter Store values (`aperilex.config.parameter-store-path`) sit between the two.\n\n")
                .append("Where each default is defined, once: in the `@ConfigurationProperties` records ")
                .append("(`AperilexProperties`, `DevProperties`, `@DefaultValue`; `RecordDefaultProperties` publishes them ")
                .append("into the Spring Environment, so route placeholders see them), or, for the keys that the packaged ")
                .append("routes or an endpoint URI read as a placeholder, in `application.yaml` (marked *application.yaml* ")
                .append("below; `ProfileEquivalenceTest` resolves those placeholders from the YAML files alone). ")
                .append("The **Profiles** column lists what `application-dev.yaml`, `application-local.yaml` and ")
                .append("`application-aws.yaml` set over the default; the `dev` profile is the default one.\n\n");

        Map<String, List<Property>> byGroup = new TreeMap<>();
        for (Property property : properties.values()) {
            byGroup.computeIfAbsent(groupOf(property.name()), g -> new ArrayList<>()).add(property);
        }
        byGroup.forEach((group, members) -> {
            md.append("## `").append(group).append("`\n\n");
            String description = groupDescriptions.getOrDefault(group, "");
            String source = members.stream().map(Property::sourceType).filter(s -> !s.isEmpty()).findFirst()
                    .map(s -> "`" + simple(s) + "`").orElse("");
            if (!description.isEmpty()) {
                md.append(text(description)).append("\n\n");
            } else if (!source.isEmpty()) {
                md.append("Bound to ").append(source).append(".\n\n");
            }
            md.append("| Property | Environment variable | Type | Default | Profiles | Description |\n")
                    .append("|---|---|---|---|---|---|\n");
            for (Property p : members) {
                md.append("| `").append(p.name()).append("` | `").append(envVar(p)).append("` | ")
                        .append(type(p.type())).append(" | ").append(defaultCell(p)).append(" | ")
                        .append(profilesCell(p.name())).append(" | ").append(text(p.description())).append(" |\n");
            }
            md.append('\n');
        });

        md.append("## Spring and Camel keys the YAML files set\n\n")
                .append("Not the service's own properties: Spring Boot's and Camel's, as the service configures them ")
                .append("(see their documentation for the rest).\n\n")
                .append("| Property | Environment variable | application.yaml | Profiles |\n|---|---|---|---|\n");
        Map<String, Boolean> others = new TreeMap<>();
        yaml.values().forEach(values -> values.keySet().stream().filter(k -> !k.startsWith("aperilex."))
                .forEach(k -> others.put(k, true)));
        others.keySet().forEach(key -> md.append("| `").append(key).append("` | `").append(envVar(key)).append("` | ")
                .append(valueCell(yaml.get("application").get(key), "application")).append(" | ")
                .append(profilesCell(key)).append(" |\n"));
        return md.toString();
    }

    private static String defaultCell(Property p) {
        if (p.defaultValue() != null) {
            return valueCell(p.defaultValue(), null);
        }
        String fromYaml = yaml.get("application").get(p.name());
        if (fromYaml != null) {
            return valueCell(fromYaml, "application") + " *application.yaml*";
        }
        for (Map.Entry<String, Map<String, String>> file : yaml.entrySet()) {
            for (String value : file.getValue().values()) {
                Matcher m = PLACEHOLDER.matcher(value);
                while (m.find()) {
                    if (m.group(1).equals(p.name()) && m.group(2) != null) {
                        return valueCell(m.group(2).substring(1), null) + " *in the URIs of " + fileName(file.getKey()) + "*";
                    }
                }
            }
        }
        return "none";
    }

    private static String profilesCell(String name) {
        List<String> cells = new ArrayList<>();
        for (String profile : PROFILES) {
            Map<String, String> values = yaml.get(profile);
            if (values.containsKey(name)) {
                cells.add(profile + ": " + valueCell(values.get(name), profile));
            }
            String entries = values.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(name + ".") || e.getKey().startsWith(name + "["))
                    .map(e -> "`" + e.getKey().substring(name.length()) + "=" + e.getValue() + "`")
                    .collect(Collectors.joining(", "));
            if (!entries.isEmpty()) {
                cells.add(profile + ": " + entries);
            }
        }
        return cells.isEmpty() ? "" : String.join("; ", cells);
    }

    private static String valueCell(String value, String file) {
        if (value == null) {
            return "";
        }
        if (value.isEmpty()) {
            return "`\"\"`";
        }
        if (value.length() > MAX_VALUE_LENGTH && file != null) {
            return "see `" + fileName(file) + "`";
        }
        return "`" + value.replace("|", "\\|") + "`";
    }

    static String envVar(Property p) {
        String base = envVar(p.name());
        return p.type().startsWith("java.util.Map<") ? base + "_<KEY>" : base;
    }

    static String envVar(String name) {
        return name.toUpperCase(Locale.ROOT).replace('.', '_').replace("-", "");
    }

    private static String type(String type) {
        if (type.isEmpty()) {
            return "";
        }
        try {
            Class<?> c = Class.forName(type);
            if (c.isEnum()) {
                return "one of " + Arrays.stream(c.getEnumConstants())
                        .map(e -> "`" + ((Enum<?>) e).name().toLowerCase(Locale.ROOT).replace('_', '-') + "`")
                        .collect(Collectors.joining(", "));
            }
        } catch (ClassNotFoundException | LinkageError generic) {
            // a generic type such as java.util.List<java.lang.String>
        }
        String simple = simple(type).replace("<", "&lt;").replace(">", "&gt;");
        return switch (simple) {
            case "Integer" -> "int";
            case "Long" -> "long";
            case "Double" -> "decimal";
            case "Boolean" -> "boolean";
            case "Duration" -> "Duration (`500ms`, `30s`, `5m`, `24h`)";
            case "DataSize" -> "DataSize (`64KB`, `1MB`)";
            default -> simple;
        };
    }

    /** Drops package names: java.util.Map&lt;java.lang.String,com.x.AperilexProperties$Price&gt; is Map&lt;String,Price&gt;. */
    static String simple(String type) {
        return type.replaceAll("\\b[a-z][a-z0-9_]*\\.", "").replaceAll("\\w+\\$", "").replace(",", ", ");
    }

    /** Javadoc into Markdown: {@code x} becomes `x`; no line breaks or pipes inside a table cell. */
    private static String text(String javadoc) {
        return javadoc.replaceAll("\\{@(?:code|link|literal) ([^}]*)}", "`$1`").replaceAll("\\s+", " ")
                .replace("|", "\\|").strip();
    }

    private static String groupOf(String name) {
        return groupDescriptions.keySet().stream().filter(g -> name.startsWith(g + "."))
                .filter(g -> !g.equals("aperilex")).max((a, b) -> a.length() - b.length()).orElse("aperilex");
    }

    private static String defaultValue(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isArray()) {
            return StreamSupport.stream(node.spliterator(), false).map(JsonNode::asText).collect(Collectors.joining(","));
        }
        if (node.isDouble() || node.isFloat()) {
            return String.valueOf(node.asDouble());
        }
        return node.asText();
    }

    private static String effectiveDefault(String key) {
        Property property = properties.get(key);
        return property != null && property.defaultValue() != null ? property.defaultValue() : yaml.get("application").get(key);
    }

    /** The metadata property a YAML key sets: itself, or the map property it is an entry of. */
    private static Property property(String key) {
        return properties.values().stream()
                .filter(p -> key.equals(p.name()) || key.startsWith(p.name() + ".") || key.startsWith(p.name() + "["))
                .findFirst().orElse(null);
    }

    private static Map<String, String> flatten(String file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (var source : new YamlPropertySourceLoader().load(file, new ClassPathResource(file))) {
            EnumerablePropertySource<?> enumerable = (EnumerablePropertySource<?>) source;
            for (String name : enumerable.getPropertyNames()) {
                values.put(name, Objects.toString(enumerable.getProperty(name), ""));
            }
        }
        return values;
    }

    private static String fileName(String key) {
        return key.equals("application") ? "application.yaml" : "application-" + key + ".yaml";
    }

    private static String profileOf(String file) {
        return file.substring("application-".length(), file.length() - ".yaml".length());
    }

    private static int firstDifferentLine(String a, String b) {
        String[] left = a.split("\n", -1);
        String[] right = b.split("\n", -1);
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            if (!left[i].equals(right[i])) {
                return i + 1;
            }
        }
        return Math.min(left.length, right.length) + 1;
    }
}
