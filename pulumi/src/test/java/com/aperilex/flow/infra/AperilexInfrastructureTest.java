package com.aperilex.flow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.pulumi.aws.ec2.SecurityGroup;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.kms.Key;
import com.pulumi.aws.rds.Cluster;
import com.pulumi.aws.rds.ClusterInstance;
import com.pulumi.aws.s3.BucketLifecycleConfigurationV2;
import com.pulumi.aws.s3.BucketPublicAccessBlock;
import com.pulumi.aws.s3.BucketServerSideEncryptionConfigurationV2;
import com.pulumi.aws.s3.BucketVersioningV2;
import com.pulumi.aws.secretsmanager.Secret;
import com.pulumi.aws.secretsmanager.SecretVersion;
import com.pulumi.core.internal.Internal;
import com.pulumi.aws.sqs.Queue;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.resources.Resource;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.TestResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The program run against Pulumi's mocks: each resource's key properties and the role's exact statements. */
class AperilexInfrastructureTest {
    static final InfraSettings SETTINGS = new InfraSettings("prod", "us-east-1", 8.0, "vpc-0123456789abcdef0",
            List.of("subnet-0123456789abcdef0", "subnet-0fedcba9876543210"), "sg-0123456789abcdef0",
            "arn:aws:iam::" + AwsMocks.ACCOUNT + ":oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
            "apiVersion: v1\nkind: Config\n", "aperilex", "123456789012.dkr.ecr.us-east-1.amazonaws.com/aperilex-flow",
            "0.1.0", "Aperilex aperilex-ops@aperilex.com", "flow.aperilex.com",
            "arn:aws:acm:us-east-1:" + AwsMocks.ACCOUNT + ":certificate/0a1b2c3d-1234-5678-9abc-0a1b2c3d4e5f",
            "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example", "aperilex-frontend", "amazon.nova-lite-v1:0",
            "../helm/aperilex-flow", 30, 365);
    private static TestResult result;

    @BeforeAll
    static void runProgram() {
        result = PulumiTest.withMocks(new AwsMocks())
                .withOptions(TestOptions.builder().projectName("aperilex-flow").stackName("prod").preview(false).build())
                .runTest(ctx -> AperilexInfrastructure.provision(ctx, SETTINGS));
        result.throwOnError();
    }

    @AfterAll
    static void cleanup() {
        PulumiTest.cleanup();
    }

    static <T> T value(Output<T> output) {
        return PulumiTest.extractValue(output);
    }

    static <R extends Resource> List<R> all(Class<R> type) {
        return result.resources().stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <R extends Resource> R one(Class<R> type) {
        List<R> found = all(type);
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    static Secret secret(String name) {
        return all(Secret.class).stream().filter(secret -> value(secret.name()).equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no secret " + name));
    }

    @Test
    void theDocumentsBucketIsVersionedKmsEncryptedPrivateAndAgesRawFilingsOut() {
        assertThat(value(one(BucketVersioningV2.class).versioningConfiguration()).status()).isEqualTo("Enabled");
        var encryption = value(one(BucketServerSideEncryptionConfigurationV2.class).rules()).get(0);
        var byDefault = encryption.applyServerSideEncryptionByDefault().orElseThrow();
        assertThat(byDefault.sseAlgorithm()).isEqualTo("aws:kms");
        assertThat(byDefault.kmsMasterKeyId()).hasValue(value(one(Key.class).arn()));
        assertThat(encryption.bucketKeyEnabled()).hasValue(true);
        assertThat(value(one(Key.class).enableKeyRotation())).hasValue(true);
        BucketPublicAccessBlock block = one(BucketPublicAccessBlock.class);
        assertThat(List.of(value(block.blockPublicAcls()), value(block.blockPublicPolicy()), value(block.ignorePublicAcls()),
                value(block.restrictPublicBuckets()))).containsOnly(Optional.of(true));
        var rules = value(one(BucketLifecycleConfigurationV2.class).rules()).orElseThrow();
        var raw = rules.stream().filter(r -> r.id().equals("raw-filings")).findFirst().orElseThrow();
        assertThat(raw.filter().orElseThrow().prefix()).hasValue("aperilex/filings/");
        assertThat(raw.transitions().get(0).days()).hasValue(30);
        assertThat(raw.transitions().get(0).storageClass()).isEqualTo("STANDARD_IA");
        assertThat(raw.expiration().orElseThrow().days()).hasValue(365);
        assertThat(rules).anyMatch(r -> r.id().equals("old-versions")
                && r.noncurrentVersionExpiration().orElseThrow().noncurrentDays() == 30);
    }

    @Test
    void everyLaneIsAFifoQueueWithARedriveToOneFifoDeadLetterQueue() {
        Queue dlq = all(Queue.class).stream().filter(q -> value(q.name()).equals("aperilex-prod-tasks-dlq.fifo")).findFirst().orElseThrow();
        assertThat(value(dlq.fifoQueue())).hasValue(true);
        assertThat(value(dlq.messageRetentionSeconds())).hasValue(14 * 24 * 3600);
        assertThat(all(Queue.class)).hasSize(AperilexInfrastructure.LANES.size() + 1);
        for (String lane : List.of("highest", "high", "standard", "low", "bulk")) {
            Queue tasks = all(Queue.class).stream().filter(q -> value(q.name()).equals("aperilex-prod-tasks-" + lane + ".fifo"))
                    .findFirst().orElseThrow();
            assertThat(value(tasks.fifoQueue())).hasValue(true);
            assertThat(value(tasks.contentBasedDeduplication())).hasValue(false);
            assertThat(value(tasks.deduplicationScope())).isEqualTo("messageGroup");
            assertThat(value(tasks.visibilityTimeoutSeconds())).hasValue(120);
            JsonObject redrive = new Gson().fromJson(value(tasks.redrivePolicy()), JsonObject.class);
            assertThat(redrive.get("deadLetterTargetArn").getAsString()).isEqualTo(value(dlq.arn()));
            assertThat(redrive.get("maxReceiveCount").getAsInt()).isEqualTo(5);
        }
    }

    @Test
    void auroraIsServerlessV2FromZeroAcuWithAnRdsManagedPassword() {
        Cluster cluster = one(Cluster.class);
        assertThat(value(cluster.engine())).isEqualTo("aurora-postgresql");
        assertThat(value(cluster.engineMode())).hasValue("provisioned");
        var scaling = value(cluster.serverlessv2ScalingConfiguration()).orElseThrow();
        assertThat(scaling.minCapacity()).isEqualTo(0.0);
        assertThat(scaling.maxCapacity()).isEqualTo(8.0);
        assertThat(value(cluster.manageMasterUserPassword())).hasValue(true);
        assertThat(value(cluster.masterPassword())).isEmpty();
        assertThat(value(cluster.storageEncrypted())).isTrue();
        assertThat(value(cluster.deletionProtection())).hasValue(true);
        assertThat(value(one(ClusterInstance.class).instanceClass())).isEqualTo("db.serverless");
        assertThat(value(one(ClusterInstance.class).publiclyAccessible())).isFalse();
        var ingress = value(one(SecurityGroup.class).ingress()).get(0);
        assertThat(ingress.fromPort()).isEqualTo(5432);
        assertThat(ingress.securityGroups()).containsExactly("sg-0123456789abcdef0");
        assertThat(ingress.cidrBlocks()).isEmpty();
    }

    @Test
    void theRoleTrustsOnlyTheServiceAccountThroughTheClustersOidcProvider() {
        JsonObject trust = new Gson().fromJson(value(one(Role.class).assumeRolePolicy()), JsonObject.class);
        JsonArray statements = trust.getAsJsonArray("Statement");
        assertThat(statements).hasSize(1);
        JsonObject statement = statements.get(0).getAsJsonObject();
        assertThat(statement.get("Action").getAsString()).isEqualTo("sts:AssumeRoleWithWebIdentity");
        assertThat(statement.getAsJsonObject("Principal").get("Federated").getAsString()).isEqualTo(SETTINGS.eksOidcProviderArn());
        JsonObject equals = statement.getAsJsonObject("Condition").getAsJsonObject("StringEquals");
        assertThat(equals.get("oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub").getAsString())
                .isEqualTo("system:serviceaccount:aperilex:aperilex-flow");
        assertThat(equals.get("oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud").getAsString())
                .isEqualTo("sts.amazonaws.com");
    }

    @Test
    void theRoleMayDoExactlyWhatTheServiceDoesOnExactlyTheStacksResources() {
        JsonObject policy = new Gson().fromJson(value(one(RolePolicy.class).policy()), JsonObject.class);
        String dlq = "arn:aws:sqs:us-east-1:123456789012:aperilex-prod-tasks-dlq.fifo";
        String bucket = "arn:aws:s3:::aperilex-prod-documents-20261122";
        Set<String> granted = new TreeSet<>();
        for (JsonElement element : policy.getAsJsonArray("Statement")) {
            JsonObject statement = element.getAsJsonObject();
            assertThat(statement.get("Effect").getAsString()).isEqualTo("Allow");
            for (JsonElement action : statement.getAsJsonArray("Action")) {
                assertThat(action.getAsString()).as("no wildcard actions").doesNotContain("*");
                for (JsonElement resource : statement.getAsJsonArray("Resource")) {
                    assertThat(resource.getAsString()).as("no wildcard resources").isNotEqualTo("*");
                    granted.add(action.getAsString() + " " + resource.getAsString());
                }
            }
        }
        List<String> expected = new ArrayList<>();
        for (String lane : AperilexInfrastructure.LANES) {
            String tasks = "arn:aws:sqs:us-east-1:123456789012:aperilex-prod-tasks-" + lane + ".fifo";
            for (String action : List.of("SendMessage", "ReceiveMessage", "DeleteMessage", "ChangeMessageVisibility",
                    "GetQueueUrl", "GetQueueAttributes")) {
                expected.add("sqs:" + action + " " + tasks);
            }
        }
        assertThat(granted).containsAll(expected);
        granted.removeAll(expected);
        assertThat(granted).containsExactlyInAnyOrder(
                "sqs:SendMessage " + dlq, "sqs:GetQueueUrl " + dlq, "sqs:GetQueueAttributes " + dlq,
                "s3:GetObject " + bucket + "/aperilex/*", "s3:PutObject " + bucket + "/aperilex/*",
                "s3:ListBucket " + bucket,
                "kms:Decrypt " + value(one(Key.class).arn()), "kms:Encrypt " + value(one(Key.class).arn()),
                "kms:GenerateDataKey " + value(one(Key.class).arn()),
                "secretsmanager:GetSecretValue arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-0a1b2c3d-AbCdEf",
                "secretsmanager:GetSecretValue " + value(secret("aperilex/prod/llm-api-key").arn()),
                "secretsmanager:GetSecretValue " + value(secret("aperilex/prod/events-token-key").arn()),
                "bedrock:InvokeModel arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0",
                "ssm:GetParametersByPath arn:aws:ssm:us-east-1:123456789012:parameter/aperilex/prod");
    }

    @Test
    void theReleaseInstallsTheChartWiredToTheStacksResources() {
        Release release = one(Release.class);
        assertThat(value(release.chart())).isEqualTo("../helm/aperilex-flow");
        assertThat(value(release.namespace())).hasValue("aperilex");
        Map<String, Object> values = value(release.values()).orElseThrow();
        assertThat(values).isEqualTo(HelmValues.of(SETTINGS, ReleaseValuesChartTest.RESOURCES));
    }

    /**
     * The only secret value the program writes is the stream tokens' key, which it generates: random, 64 hex
     * characters (32 bytes, twice the service's minimum in UTF-8 bytes), and a Pulumi secret, so encrypted in the
     * state and masked in previews. The LLM key is set out of band; the database password is RDS's own.
     */
    @Test
    void theOnlySecretValueWrittenIsTheGeneratedStreamTokenKeyAndItStaysSecret() {
        SecretVersion version = one(SecretVersion.class);
        assertThat(value(version.secretId())).isEqualTo(value(secret("aperilex/prod/events-token-key").id()));
        String key = value(version.secretString()).orElseThrow();
        assertThat(key).matches("[0-9a-f]{64}");
        // The mocks drop secretness from a resource's outputs: check the value the program passes in.
        Output<String> fresh = AperilexInfrastructure.newStreamTokenKey();
        assertThat(Internal.of(fresh).isSecret().join()).as("secret output").isTrue();
        assertThat(value(fresh)).matches("[0-9a-f]{64}").isNotEqualTo(key).isNotEqualTo(value(AperilexInfrastructure.newStreamTokenKey()));
        assertThat(value(one(Cluster.class).masterPassword())).isEmpty();
    }

    @Test
    void theReleaseGetsTheIdentityProviderTheStreamTokenKeyAndTheCertificate() {
        Map<String, Object> values = value(one(Release.class).values()).orElseThrow();
        assertThat(values.get("auth")).isEqualTo(Map.of("mode", "jwt",
                "issuerUri", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example",
                "audience", "aperilex-frontend",
                "streamTokenSecret", value(secret("aperilex/prod/events-token-key").arn())));
        @SuppressWarnings("unchecked")
        Map<String, Object> ingress = (Map<String, Object>) ((Map<String, Object>) values.get("api")).get("ingress");
        assertThat(ingress).containsEntry("certificateArn", SETTINGS.apiCertificateArn()).containsEntry("className", "alb");
    }
}
