package com.aperilex.flow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.domain.ErrorCode;
import com.aperilex.flow.domain.FilingFailure;
import com.aperilex.flow.domain.TaskFailure;
import com.aperilex.flow.domain.TaskId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FilingFailureTest {
    private static final RetryPolicy RETRY = new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofMinutes(2), 2.0, 0.5);
    private static final Duration VALIDITY = Duration.ofHours(24);
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final TaskFailure OUTAGE = TaskFailure.retryable(ErrorCode.LLM_FAILED, "HTTP 500", null);
    private final TaskId first = TaskId.random();
    private final TaskId second = TaskId.random();
    private final SplittableRandom random = new SplittableRandom(7);

    @Test
    void aTransientFailureWaitsItsBackOffAndCountsAttemptsPerFilingUntilPermanent() {
        FilingFailure one = RETRY.afterFilingAttempt(Optional.empty(), first, OUTAGE, NOW, VALIDITY, random);
        assertThat(one.permanent()).isFalse();
        assertThat(one.attempts()).isEqualTo(1);
        assertThat(one.nextAttemptAt()).isBetween(NOW.plusSeconds(5), NOW.plusSeconds(10));
        assertThat(one.holdsAt(NOW.plusSeconds(4), VALIDITY)).isTrue();
        assertThat(one.holdsAt(one.nextAttemptAt(), VALIDITY)).as("due: the next task tries").isFalse();

        Instant later = one.nextAttemptAt().plusSeconds(1);
        FilingFailure two = RETRY.afterFilingAttempt(Optional.of(one), second, OUTAGE, later, VALIDITY, random);
        assertThat(two.attempts()).isEqualTo(2);
        assertThat(two.permanent()).isFalse();
        assertThat(two.sharedWith(first)).isTrue();
        assertThat(two.sharedWith(second)).isFalse();

        FilingFailure three = RETRY.afterFilingAttempt(Optional.of(two), first, OUTAGE, two.nextAttemptAt(),
                VALIDITY, random);
        assertThat(three.attempts()).isEqualTo(3);
        assertThat(three.permanent()).as("max attempts reached for the filing").isTrue();
        assertThat(three.nextAttemptAt()).isNull();
        assertThat(three.holdsAt(NOW.plus(Duration.ofHours(23)), VALIDITY)).isTrue();
        assertThat(three.holdsAt(NOW.plus(Duration.ofHours(25)), VALIDITY)).as("outside the validity window").isFalse();
    }

    @Test
    void aPermanentFailureIsPermanentAtOnceAndAnExpiredOneStartsTheCountAgain() {
        TaskFailure invalid = TaskFailure.permanent(ErrorCode.LLM_FAILED, "outside the schema twice");
        FilingFailure permanent = RETRY.afterFilingAttempt(Optional.empty(), first, invalid, NOW, VALIDITY, random);
        assertThat(permanent.permanent()).isTrue();
        assertThat(permanent.attempts()).isEqualTo(1);

        FilingFailure stale = RETRY.afterFilingAttempt(Optional.empty(), first, OUTAGE, NOW, VALIDITY, random);
        FilingFailure fresh = RETRY.afterFilingAttempt(Optional.of(stale), second, OUTAGE, NOW.plus(Duration.ofDays(2)),
                VALIDITY, random);
        assertThat(fresh.attempts()).isEqualTo(1);
        assertThat(RETRY.afterFilingAttempt(Optional.of(permanent), second, OUTAGE, NOW.plus(Duration.ofDays(2)),
                VALIDITY, random).attempts()).isEqualTo(1);
    }

    @Test
    void aSecBlockIsWaitedOut() {
        Instant blockEnds = NOW.plus(Duration.ofMinutes(10));
        TaskFailure block = TaskFailure.retryableAfter(ErrorCode.EDGAR_UNAVAILABLE, "HTTP 403", blockEnds);
        assertThat(RETRY.afterFilingAttempt(Optional.empty(), first, block, NOW, VALIDITY, random).nextAttemptAt())
                .isEqualTo(blockEnds);
    }

    @Test
    void waitersAreSpreadOverAShareOfTheInitialBackOff() {
        for (int i = 0; i < 200; i++) {
            assertThat(RETRY.spread(random)).isBetween(Duration.ZERO, Duration.ofSeconds(5));
        }
        assertThat(new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofMinutes(2), 2.0, 0.0).spread(random))
                .isZero();
    }
}
