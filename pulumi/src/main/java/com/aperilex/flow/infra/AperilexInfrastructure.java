package com.aperilex.flow.infra;

import com.pulumi.Context;
import com.pulumi.aws.ec2.SecurityGroup;
import com.pulumi.aws.ec2.SecurityGroupArgs;
import com.pulumi.aws.ec2.inputs.SecurityGroupIngressArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.kms.Alias;
import com.pulumi.aws.kms.AliasArgs;
import com.pulumi.aws.kms.Key;
import com.pulumi.aws.kms.KeyArgs;
import com.pulumi.aws.rds.Cluster;
import com.pulumi.aws.rds.ClusterArgs;
import com.pulumi.aws.rds.ClusterInstance;
import com.pulumi.aws.rds.ClusterInstanceArgs;
import com.pulumi.aws.rds.SubnetGroup;
import com.pulumi.aws.rds.SubnetGroupArgs;
import com.pulumi.aws.rds.inputs.ClusterServerlessv2ScalingConfigurationArgs;
import com.pulumi.aws.rds.outputs.ClusterMasterUserSecret;
import com.pulumi.aws.s3.BucketLifecycleConfigurationV2;
import com.pulumi.aws.s3.BucketLifecycleConfigurationV2Args;
import com.pulumi.aws.s3.BucketPublicAccessBlock;
import com.pulumi.aws.s3.BucketPublicAccessBlockArgs;
import com.pulumi.aws.s3.BucketServerSideEncryptionConfigurationV2;
import com.pulumi.aws.s3.BucketServerSideEncryptionConfigurationV2Args;
import com.pulumi.aws.s3.BucketV2;
import com.pulumi.aws.s3.BucketV2Args;
import com.pulumi.aws.s3.BucketVersioningV2;
import com.pulumi.aws.s3.BucketVersioningV2Args;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleExpirationArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleFilterArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleTransitionArgs;
import com.pulumi.aws.s3.inputs.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs;
import com.pulumi.aws.s3.inputs.BucketServerSideEncryptionConfigurationV2RuleArgs;
import com.pulumi.aws.s3.inputs.BucketVersioningV2VersioningConfigurationArgs;
import com.pulumi.aws.secretsmanager.Secret;
import com.pulumi.aws.secretsmanager.SecretArgs;
import com.pulumi.aws.secretsmanager.SecretVersion;
import com.pulumi.aws.secretsmanager.SecretVersionArgs;
import com.pulumi.aws.sqs.Queue;
import com.pulumi.aws.sqs.QueueArgs;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.ProviderArgs;
import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.kubernetes.helm.v3.ReleaseArgs;
import com.pulumi.resources.CustomResourceOptions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything the aws profile runs on, and the service itself: the documents bucket and its KMS key, the
 * FIFO task queue with its FIFO dead-letter queue, Aurora PostgreSQL Serverless v2 (its master password
 * managed by RDS in Secrets Manager), the LLM key's secret, the stream tokens' HMAC key (random), the IAM role of the service account, and the
 * Helm release of helm/aperilex-flow into an existing EKS cluster, wired to all of it.
 */
public final class AperilexInfrastructure {
    /**
     * The task queue's priority lanes, highest first: one SQS FIFO queue each, {@code <prefix>-tasks-<lane>.fifo}.
     * The same names as the service's lanes (com.aperilex.flow.domain.TaskLane, aperilex.queue.lanes.*).
     */
    static final List<String> LANES = List.of("highest", "high", "standard", "low", "bulk");

    /** After this many receives without success, SQS moves a task message to the dead-letter queue. */
    static final int MAX_RECEIVES = 5;
    /** Random bytes of the stream tokens' HMAC key; hex-encoded, twice the service's 32-byte minimum. */
    static final int STREAM_TOKEN_KEY_BYTES = 32;

    private AperilexInfrastructure() {
    }

    public static void provision(Context ctx, InfraSettings s) {
        String prefix = "aperilex-" + s.environment();
        Map<String, String> tags = Map.of("app", "aperilex-flow", "environment", s.environment());

        // Documents: raw filings, sections and analysis documents.
        Key documentsKey = new Key(prefix + "-documents", KeyArgs.builder()
                .description("Aperilex Flow documents (" + s.environment() + ")")
                .enableKeyRotation(true).deletionWindowInDays(30).tags(tags).build());
        new Alias(prefix + "-documents", AliasArgs.builder()
                .name("alias/" + prefix + "-documents").targetKeyId(documentsKey.keyId()).build());
        BucketV2 bucket = new BucketV2(prefix + "-documents", BucketV2Args.builder()
                .bucketPrefix(prefix + "-documents-").tags(tags).build());
        new BucketVersioningV2(prefix + "-documents", BucketVersioningV2Args.builder().bucket(bucket.id())
                .versioningConfiguration(BucketVersioningV2VersioningConfigurationArgs.builder().status("Enabled").build())
                .build());
        new BucketServerSideEncryptionConfigurationV2(prefix + "-documents",
                BucketServerSideEncryptionConfigurationV2Args.builder().bucket(bucket.id())
                        .rules(BucketServerSideEncryptionConfigurationV2RuleArgs.builder()
                                .applyServerSideEncryptionByDefault(
                                        BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs.builder()
                                                .sseAlgorithm("aws:kms").kmsMasterKeyId(documentsKey.arn()).build())
                                .bucketKeyEnabled(true).build())
                        .build());
        new BucketPublicAccessBlock(prefix + "-documents", BucketPublicAccessBlockArgs.builder().bucket(bucket.id())
                .blockPublicAcls(true).blockPublicPolicy(true).ignorePublicAcls(true).restrictPublicBuckets(true).build());
        // Raw filings can always be fetched from EDGAR again: they cool down, then go. Analyses stay.
        new BucketLifecycleConfigurationV2(prefix + "-documents", BucketLifecycleConfigurationV2Args.builder()
                .bucket(bucket.id())
                .rules(BucketLifecycleConfigurationV2RuleArgs.builder()
                                .id("raw-filings").status("Enabled")
                                .filter(BucketLifecycleConfigurationV2RuleFilterArgs.builder().prefix("aperilex/filings/").build())
                                .transitions(BucketLifecycleConfigurationV2RuleTransitionArgs.builder()
                                        .days(s.rawFilingsToInfrequentAccessDays()).storageClass("STANDARD_IA").build())
                                .expiration(BucketLifecycleConfigurationV2RuleExpirationArgs.builder()
                                        .days(s.rawFilingsExpireDays()).build())
                                .build(),
                        BucketLifecycleConfigurationV2RuleArgs.builder()
                                .id("old-versions").status("Enabled")
                                .filter(BucketLifecycleConfigurationV2RuleFilterArgs.builder().prefix("").build())
                                .noncurrentVersionExpiration(BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs.builder()
                                        .noncurrentDays(30).build())
                                .build())
                .build());

        // The task queues: FIFO, deduplicated per message group, their dead letters in a FIFO DLQ.
        Queue deadLetters = new Queue(prefix + "-tasks-dlq", QueueArgs.builder()
                .name(prefix + "-tasks-dlq.fifo").fifoQueue(true)
                .messageRetentionSeconds(14 * 24 * 3600).sqsManagedSseEnabled(true).tags(tags).build());
        // One task queue per priority lane (the service consumes them highest first), all redriving to the DLQ.
        List<Queue> lanes = new ArrayList<>();
        for (String lane : LANES) {
            lanes.add(new Queue(prefix + "-tasks-" + lane, QueueArgs.builder()
                    .name(prefix + "-tasks-" + lane + ".fifo").fifoQueue(true).contentBasedDeduplication(false)
                    .deduplicationScope("messageGroup").fifoThroughputLimit("perMessageGroupId")
                    .visibilityTimeoutSeconds(120).messageRetentionSeconds(4 * 24 * 3600).receiveWaitTimeSeconds(20)
                    .sqsManagedSseEnabled(true)
                    .redrivePolicy(deadLetters.arn().applyValue(arn ->
                            "{\"deadLetterTargetArn\":\"" + arn + "\",\"maxReceiveCount\":" + MAX_RECEIVES + "}"))
                    .tags(tags).build()));
        }
        Output<List<String>> laneArns = Output.all(lanes.stream().map(Queue::arn).toList());
        Output<List<String>> laneUrls = Output.all(lanes.stream().map(Queue::url).toList());

        // Aurora PostgreSQL Serverless v2: 0 ACU when idle, the master password kept by RDS in Secrets Manager.
        SecurityGroup databaseAccess = new SecurityGroup(prefix + "-aurora", SecurityGroupArgs.builder()
                .description("PostgreSQL from the EKS nodes only").vpcId(s.vpcId())
                .ingress(SecurityGroupIngressArgs.builder().protocol("tcp").fromPort(5432).toPort(5432)
                        .securityGroups(s.eksNodeSecurityGroupId()).description("EKS nodes").build())
                .tags(tags).build());
        SubnetGroup subnets = new SubnetGroup(prefix + "-aurora", SubnetGroupArgs.builder()
                .subnetIds(s.privateSubnetIds()).tags(tags).build());
        Cluster database = new Cluster(prefix + "-aurora", ClusterArgs.builder()
                .clusterIdentifier(prefix)
                .engine("aurora-postgresql").engineMode("provisioned").engineVersion("16.6")
                .databaseName("aperilex").masterUsername("aperilex").manageMasterUserPassword(true)
                .storageEncrypted(true).dbSubnetGroupName(subnets.name())
                .vpcSecurityGroupIds(databaseAccess.id().applyValue(List::of))
                .serverlessv2ScalingConfiguration(ClusterServerlessv2ScalingConfigurationArgs.builder()
                        .minCapacity(0.0).maxCapacity(s.auroraMaxAcu()).secondsUntilAutoPause(600).build())
                .backupRetentionPeriod(7).deletionProtection(true).copyTagsToSnapshot(true)
                .finalSnapshotIdentifier(prefix + "-final").tags(tags).build());
        new ClusterInstance(prefix + "-aurora-1", ClusterInstanceArgs.builder()
                .clusterIdentifier(database.id()).instanceClass("db.serverless")
                .engine("aurora-postgresql").engineVersion(database.engineVersion())
                .publiclyAccessible(false).tags(tags).build());
        Output<String> databaseSecretArn = database.masterUserSecrets()
                .applyValue(secrets -> secrets.stream().findFirst().flatMap(ClusterMasterUserSecret::secretArn).orElseThrow());

        // The LLM provider's key, for provider openai; the value is set out of band, never in code.
        Secret llmKey = new Secret(prefix + "-llm-api-key", SecretArgs.builder()
                .name("aperilex/" + s.environment() + "/llm-api-key")
                .description("API key of the OpenAI-compatible LLM provider, if one is used").tags(tags).build());

        // The stream tokens' HMAC key: random, made once. The service refuses to start without it, so it cannot be
        // left to be set out of band like the LLM key. Kept encrypted in the state as a Pulumi secret; later runs
        // ignore the value, so neither they nor an out-of-band rotation (put-secret-value) are undone.
        Secret streamTokenKey = new Secret(prefix + "-events-token-key", SecretArgs.builder()
                .name("aperilex/" + s.environment() + "/events-token-key")
                .description("HMAC key of the notification stream tokens (at least 32 bytes)").tags(tags).build());
        new SecretVersion(prefix + "-events-token-key", SecretVersionArgs.builder()
                .secretId(streamTokenKey.id()).secretString(newStreamTokenKey()).build(),
                CustomResourceOptions.builder().ignoreChanges("secretString").build());

        // The service account's role: trusted by the cluster's OIDC provider for that one service account.
        Role role = new Role(prefix + "-service", RoleArgs.builder()
                .name(prefix + "-service").assumeRolePolicy(Policies.trust(s)).tags(tags).build());
        new RolePolicy(prefix + "-service", RolePolicyArgs.builder().role(role.id())
                .policy(Output.tuple(laneArns, deadLetters.arn(), bucket.arn(), documentsKey.arn(),
                                databaseSecretArn, llmKey.arn(), streamTokenKey.arn())
                        .applyValue(t -> Policies.service(s, t.t1, t.t2, t.t3, t.t4, t.t5, t.t6, t.t7)))
                .build());

        // The service, installed into the existing EKS cluster with its values wired to the above.
        Provider cluster = new Provider(prefix + "-eks", ProviderArgs.builder()
                .kubeconfig(Output.ofSecret(s.kubeconfig())).build());
        Output<Map<String, Object>> values = Output.tuple(
                        Output.tuple(role.arn(), laneUrls, deadLetters.name()),
                        Output.tuple(bucket.bucket(), documentsKey.arn(), database.endpoint(), databaseSecretArn, llmKey.arn(),
                                streamTokenKey.arn()))
                .applyValue(t -> HelmValues.of(s, new HelmValues.Resources(t.t1.t1, prefix + "-tasks", t.t1.t2, t.t1.t3,
                        t.t2.t1, t.t2.t2, t.t2.t3, t.t2.t4, t.t2.t5, t.t2.t6)));
        new Release("aperilex-flow", ReleaseArgs.builder()
                .name("aperilex-flow").chart(s.chartPath()).namespace(s.namespace()).createNamespace(true)
                .values(values).atomic(true).timeout(600).build(),
                CustomResourceOptions.builder().provider(cluster).build());

        ctx.export("bucket", bucket.bucket());
        ctx.export("tasksQueueUrls", laneUrls);
        ctx.export("deadLetterQueueUrl", deadLetters.url());
        ctx.export("databaseEndpoint", database.endpoint());
        ctx.export("serviceRoleArn", role.arn());
    }

    /** A fresh random key, hex-encoded, as a Pulumi secret: encrypted in the state, masked in previews and logs. */
    static Output<String> newStreamTokenKey() {
        byte[] key = new byte[STREAM_TOKEN_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return Output.ofSecret(HexFormat.of().formatHex(key));
    }
}
