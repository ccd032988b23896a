package com.aperilex.flow.aws;

import com.aperilex.flow.config.AperilexProperties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/**
 * Builds every AWS SDK client the same way from {@code aperilex.aws.*}: one region, the per-service
 * endpoint override if one is set (S3-compatible servers, test servers), and the default credential
 * chain (IAM role for the service account on EKS) unless a static key is configured.
 */
public final class AwsClientFactory {
    public static final String SQS = "sqs";
    public static final String S3 = "s3";
    public static final String BEDROCK_RUNTIME = "bedrock-runtime";
    public static final String SECRETS_MANAGER = "secretsmanager";
    public static final String SSM = "ssm";

    private final AperilexProperties.Aws aws;

    public AwsClientFactory(AperilexProperties.Aws aws) {
        this.aws = aws;
    }

    /** Applies region, endpoint override and credentials to the builder and builds the client. */
    public <B extends AwsClientBuilder<B, C>, C> C build(B builder, String service) {
        builder.region(Region.of(aws.region())).credentialsProvider(credentials());
        aws.endpoint(service).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    public AwsCredentialsProvider credentials() {
        if (aws.hasStaticCredentials()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(aws.accessKeyId(), aws.secretAccessKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
