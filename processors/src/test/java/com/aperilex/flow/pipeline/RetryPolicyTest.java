package com.aperilex.flow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(10), Duration.ofMinutes(2), 2.0, 0.5);

    @Test
    void backOffDoublesUpToTheCapWithJitterBelowIt() {
        SplittableRandom random = new SplittableRandom(42);
        for (int retry = 1; retry <= 8; retry++) {
            long ceiling = Math.min(10_000L << (retry - 1), 120_000L);
            for (int i = 0; i < 200; i++) {
                long wait = policy.backoff(retry, random).toMillis();
                assertThat(wait).isBetween(ceiling / 2, ceiling);
            }
        }
    }

    @Test
    void attemptsAreCountedWithTheFirstRun() {
        assertThat(policy.mayRetry(1)).isTrue();
        assertThat(policy.mayRetry(4)).isTrue();
        assertThat(policy.mayRetry(5)).isFalse();
    }
}
