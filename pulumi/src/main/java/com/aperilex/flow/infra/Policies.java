package com.aperilex.flow.infra;

import com.google.gson.Gson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The IAM documents of the service account's role, as plain JSON from resolved names and ARNs. */
public final class Policies {
    private static final Gson GSON = new Gson();

    private Policies() {
    }

    /** Only the release's service account, through the cluster's OIDC provider, may assume the role. */
    public static String trust(InfraSettings s) {
        String issuer = s.oidcIssuer();
        return document(List.of(Map.of(
                "Effect", "Allow",
                "Principal", Map.of("Federated", s.eksOidcProviderArn()),
                "Action", "sts:AssumeRoleWithWebIdentity",
                "Condition", Map.of("StringEquals", Map.of(
                        issuer + ":sub", "system:serviceaccount:" + s.namespace() + ":" + InfraSettings.SERVICE_ACCOUNT,
                        issuer + ":aud", "sts.amazonaws.com")))));
    }

    /** Exactly what the service does with exactly the stack's resources, nothing else. */
    public static String service(InfraSettings s, List<String> tasksQueueArns, String deadLetterQueueArn, String bucketArn,
                                 String kmsKeyArn, String databaseSecretArn, String llmSecretArn,
                                 String streamTokenSecretArn) {
        return document(List.of(
                statement("TaskQueue", List.of("sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage",
                        "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"), tasksQueueArns),
                statement("DeadLetterQueue", List.of("sqs:SendMessage", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"),
                        List.of(deadLetterQueueArn)),
                statement("Documents", List.of("s3:GetObject", "s3:PutObject"), List.of(bucketArn + "/aperilex/*")),
                withCondition(statement("ListDocuments", List.of("s3:ListBucket"), List.of(bucketArn)),
                        Map.of("StringLike", Map.of("s3:prefix", "aperilex/*"))),
                statement("DocumentsKey", List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"), List.of(kmsKeyArn)),
                statement("Secrets", List.of("secretsmanager:GetSecretValue"), List.of(databaseSecretArn, llmSecretArn, streamTokenSecretArn)),
                statement("Model", List.of("bedrock:InvokeModel"),
                        List.of("arn:aws:bedrock:" + s.region() + "::foundation-model/" + s.bedrockModelId())),
                statement("Configuration", List.of("ssm:GetParametersByPath"), List.of(
                        "arn:aws:ssm:" + s.region() + ":" + s.accountId() + ":parameter/aperilex/" + s.environment()))));
    }

    private static Map<String, Object> statement(String sid, List<String> actions, List<String> resources) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Sid", sid);
        statement.put("Effect", "Allow");
        statement.put("Action", actions);
        statement.put("Resource", resources);
        return statement;
    }

    private static Map<String, Object> withCondition(Map<String, Object> statement, Map<String, Object> condition) {
        statement.put("Condition", condition);
        return statement;
    }

    private static String document(List<Map<String, Object>> statements) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("Version", "2012-10-17");
        document.put("Statement", statements);
        return GSON.toJson(document);
    }
}
