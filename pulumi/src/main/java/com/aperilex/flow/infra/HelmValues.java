package com.aperilex.flow.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values the Helm release passes to helm/aperilex-flow: the aws profile wired to the stack's
 * resources. A plain function of resolved names, so a test can render the chart with exactly these.
 */
public final class HelmValues {
    private HelmValues() {
    }

    /**
     * @param tasksQueuePrefix the lanes' queues are {@code <tasksQueuePrefix>-<lane>.fifo}
     * @param tasksQueueUrls   the lanes' queue URLs, highest lane first
     */
    public record Resources(String roleArn, String tasksQueuePrefix, List<String> tasksQueueUrls, String deadLetterQueueName,
                            String bucket, String kmsKeyArn, String databaseEndpoint, String databaseSecretArn,
                            String llmSecretArn, String streamTokenSecretArn) {
    }

    public static Map<String, Object> of(InfraSettings s, Resources r) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("profile", "aws");
        values.put("image", Map.of("repository", s.imageRepository(), "tag", s.imageTag(), "pullPolicy", "IfNotPresent"));
        values.put("edgar", Map.of("userAgent", s.edgarUserAgent()));
        values.put("auth", Map.of("mode", "jwt", "issuerUri", s.authIssuerUri(), "audience", s.authAudience(),
                "streamTokenSecret", r.streamTokenSecretArn()));
        values.put("serviceAccount", Map.of("create", true, "name", InfraSettings.SERVICE_ACCOUNT,
                "annotations", Map.of("eks.amazonaws.com/role-arn", r.roleArn())));
        values.put("config", Map.of(
                "spring", Map.of("datasource", Map.of(
                        "url", "jdbc:postgresql://" + r.databaseEndpoint() + ":5432/aperilex",
                        "username", "aperilex")),
                "aperilex", Map.of(
                        "aws", Map.of("region", s.region()),
                        "database", Map.of("password-secret", r.databaseSecretArn() + "#password"),
                        "llm", Map.of("provider", "bedrock", "model", s.bedrockModelId(), "api-key-secret", r.llmSecretArn()),
                        "storage", Map.of("provider", "S3", "s3", Map.of("bucket", r.bucket(), "prefix", "aperilex/",
                                "server-side-encryption", "aws:kms", "kms-key-id", r.kmsKeyArn())),
                        "queue", Map.of("sqs", Map.of("tasks-queue-prefix", r.tasksQueuePrefix(),
                                "dead-letter-queue", r.deadLetterQueueName())),
                        "config", Map.of("parameter-store-path", "/aperilex/" + s.environment() + "/"))));
        values.put("api", Map.of("ingress", Map.of("enabled", true, "className", "alb", "host", s.apiHost(),
                "certificateArn", s.apiCertificateArn(),
                "annotations", Map.of("alb.ingress.kubernetes.io/scheme", "internet-facing",
                        "alb.ingress.kubernetes.io/target-type", "ip"))));
        values.put("worker", Map.of("keda", Map.of("enabled", true, "trigger", "aws-sqs-queue",
                "sqs", Map.of("queueURLs", r.tasksQueueUrls(), "awsRegion", s.region()))));
        return values;
    }
}
