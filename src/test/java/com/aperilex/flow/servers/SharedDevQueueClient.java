package com.aperilex.flow.servers;

import java.net.URI;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * For a second replica in a test: the client its dev queue endpoints name ({@code #devSqsClient}),
 * pointed at the first replica's in-process broker, so both share one queue. Passed to that replica's
 * SpringApplicationBuilder as a source; deliberately not a @Configuration, which component scanning
 * would add to every test context.
 */
public class SharedDevQueueClient {
    /** The first replica's broker; set before the second replica starts. */
    public static volatile URI endpoint;

    @Bean(destroyMethod = "close")
    SqsClient devSqsClient() {
        return SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).build();
    }
}
