package com.aperilex.flow.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Every file in routes/ is valid Camel YAML DSL by the schema shipped in camel-yaml-dsl: a typo in a
 * route (a misplaced "steps", a wrongly typed option) fails here rather than at start-up.
 */
class RouteFilesSchemaTest {
    private static final Path ROUTES = Path.of("..", "routes");
    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = RouteFilesSchemaTest.class.getResourceAsStream("/schema/camelYamlDsl.json")) {
            assertThat(in).as("schema in camel-yaml-dsl").isNotNull();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
    }

    static Stream<Path> routeFiles() throws IOException {
        try (Stream<Path> files = Files.walk(ROUTES)) {
            List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            return yaml.stream();
        }
    }

    @Test
    void routesFolderHasRouteFiles() throws IOException {
        assertThat(routeFiles()).hasSizeGreaterThanOrEqualTo(6);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routeFiles")
    void routeFileMatchesTheCamelYamlDslSchema(Path file) throws IOException {
        Object yaml;
        try (Reader reader = Files.newBufferedReader(file)) {
            yaml = new Yaml().load(reader);
        }
        JsonNode node = new ObjectMapper().valueToTree(yaml);

        Set<ValidationMessage> errors = schema.validate(node);

        assertThat(errors).as(file.toString()).isEmpty();
    }
}
