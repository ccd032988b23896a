package com.aperilex.flow.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/** helm/aperilex-flow rendered in-process by Helm's own library (helm-java), and the objects it renders. */
final class Chart {
    static final Path DIR = Path.of("aperilex-flow");
    static final Path LOCAL_VALUES = DIR.resolve("values-local.yaml");
    static final Path AWS_VALUES = DIR.resolve("values-aws.yaml");
    static final String USER_AGENT = "Aperilex Flow Tests flow-tests@aperilex.com";
    static final String RELEASE = "flow";

    private Chart() {
    }

    /** Renders the chart as `helm template flow aperilex-flow -n aperilex -f ... --set ...` does. */
    static List<Map<String, Object>> render(List<Path> valuesFiles, Map<String, Object> sets) {
        // A current Kubernetes: helm template assumes v1.20 otherwise, below the chart's kubeVersion.
        TemplateCommand template = new Helm(DIR).template().withName(RELEASE).withNamespace("aperilex")
                .withKubeVersion("v1.31.0");
        valuesFiles.forEach(template::withValuesFile);
        sets.forEach(template::set);
        return documents(template.call());
    }

    static final String ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example";
    static final String AUDIENCE = "aperilex-frontend";
    static final String STREAM_TOKEN_SECRET = "aperilex/prod/events-token-key";
    static final String CERTIFICATE_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1234-5678-9abc-0a1b2c3d4e5f";
    /** What mode jwt needs on the command line with every values file: the identity provider and the audience. */
    static final Map<String, Object> AUTH = Map.of("auth.issuerUri", ISSUER, "auth.audience", AUDIENCE);

    /** The default values (profile aws) plus the values that have no default. */
    static List<Map<String, Object>> renderDefaults(Map<String, Object> sets) {
        Map<String, Object> all = new LinkedHashMap<>(sets);
        all.putIfAbsent("edgar.userAgent", USER_AGENT);
        all.putIfAbsent("auth.streamTokenSecret", STREAM_TOKEN_SECRET);
        AUTH.forEach(all::putIfAbsent);
        return render(List.of(), all);
    }

    /** values-local.yaml with the --set flags docs/deployment.md gives (mode jwt). */
    static List<Map<String, Object>> renderLocal(Map<String, Object> sets) {
        Map<String, Object> all = new LinkedHashMap<>(sets);
        AUTH.forEach(all::putIfAbsent);
        return render(List.of(LOCAL_VALUES), all);
    }

    /** values-aws.yaml with the --set flags docs/deployment.md gives. */
    static List<Map<String, Object>> renderAws(Map<String, Object> sets) {
        Map<String, Object> all = new LinkedHashMap<>(sets);
        AUTH.forEach(all::putIfAbsent);
        all.putIfAbsent("api.ingress.certificateArn", CERTIFICATE_ARN);
        return render(List.of(AWS_VALUES), all);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(String yaml) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(yaml)) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    static Map<String, Object> find(List<Map<String, Object>> documents, String kind, String name) {
        return documents.stream().filter(d -> kind.equals(d.get("kind")) && name.equals(at(d, "metadata.name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " among " + names(documents)));
    }

    static List<String> names(List<Map<String, Object>> documents) {
        return documents.stream().map(d -> d.get("kind") + "/" + at(d, "metadata.name")).toList();
    }

    /** A value by dotted path; list elements by index, e.g. spec.template.spec.containers.0.env. */
    @SuppressWarnings("unchecked")
    static <T> T at(Object node, String path) {
        Object current = node;
        for (String part : path.split("\\.")) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(part);
            } else if (current instanceof List<?> list && part.matches("\\d+")) {
                current = list.get(Integer.parseInt(part));
            } else {
                return null;
            }
        }
        return (T) current;
    }

    /** The container's environment as name to value (valueFrom entries map to null). */
    static Map<String, String> env(Map<String, Object> deployment) {
        Map<String, String> env = new LinkedHashMap<>();
        List<Map<String, Object>> entries = at(deployment, "spec.template.spec.containers.0.env");
        for (Map<String, Object> entry : entries) {
            env.put((String) entry.get("name"), entry.get("value") == null ? null : entry.get("value").toString());
        }
        return env;
    }

    /** A copy of the chart whose values.yaml is the chart's own with the overlay merged on top (helm lint -f). */
    @SuppressWarnings("unchecked")
    static Path copyWithValues(Path overlay, Path into) {
        try {
            copyTree(DIR, into);
            Yaml yaml = new Yaml();
            Map<String, Object> base = yaml.load(Files.readString(DIR.resolve("values.yaml")));
            Map<String, Object> top = yaml.load(Files.readString(overlay));
            Files.writeString(into.resolve("values.yaml"), yaml.dump(merge(base, top)));
            return into;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> top) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        top.forEach((key, value) -> {
            if (value instanceof Map<?, ?> topMap && merged.get(key) instanceof Map<?, ?> baseMap) {
                merged.put(key, merge((Map<String, Object>) baseMap, (Map<String, Object>) topMap));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
