package com.aperilex.flow.aws;

import com.aperilex.flow.config.AperilexProperties;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * AWS SDK clients: the SQS client named by endpoint URIs ({@code amazonSQSClient=#sqsClient}) and the Bedrock
 * runtime client the {@code bedrock} provider calls Converse on. Lazy: a profile that uses none builds none.
 */
@Configuration(proxyBeanMethods = false)
public class AwsConfiguration {

    @Bean
    AwsClientFactory awsClientFactory(AperilexProperties properties) {
        return new AwsClientFactory(properties.aws());
    }

    @Bean(destroyMethod = "close")
    @Lazy
    SqsClient sqsClient(AwsClientFactory aws) {
        return aws.build(SqsClient.builder(), AwsClientFactory.SQS);
    }

    /** The Converse call's own time limit is the LLM timeout, so a hung model call becomes a retry. */
    @Bean(destroyMethod = "close")
    @Lazy
    BedrockRuntimeClient bedrockRuntimeClient(AwsClientFactory aws, AperilexProperties properties) {
        Duration timeout = properties.llm().timeout();
        return aws.build(BedrockRuntimeClient.builder().overrideConfiguration(ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(timeout).apiCallTimeout(timeout.multipliedBy(2)).build()),
                AwsClientFactory.BEDROCK_RUNTIME);
    }
}
