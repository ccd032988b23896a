package com.aperilex.flow.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConcurrencyLimitTest {

    @Test
    void capsEachKeyAndTheReplica() {
        ConcurrencyLimit limit = new ConcurrencyLimit(3, 2);
        var a1 = limit.tryAcquire("a");
        var a2 = limit.tryAcquire("a");
        assertThat(limit.tryAcquire("a").refusal()).isEqualTo(ConcurrencyLimit.Refusal.KEY_FULL);
        var b1 = limit.tryAcquire("b");
        assertThat(limit.tryAcquire("c").refusal()).isEqualTo(ConcurrencyLimit.Refusal.REPLICA_FULL);
        assertThat(a1.granted()).isPresent();
        assertThat(a2.granted()).isPresent();
        assertThat(b1.granted()).isPresent();
        a1.permit().close();
        a1.permit().close(); // twice gives back one place only
        assertThat(limit.inUse()).isEqualTo(2);
        assertThat(limit.heldBy("a")).isEqualTo(1);
        assertThat(limit.tryAcquire("c").granted()).isPresent();
        assertThat(limit.tryAcquire("d").refusal()).isEqualTo(ConcurrencyLimit.Refusal.REPLICA_FULL);
    }

    @Test
    void neverGrantsMoreThanTheCapUnderContention() throws Exception {
        ConcurrencyLimit limit = new ConcurrencyLimit(50, 5);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger worst = new AtomicInteger();
        AtomicInteger granted = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(4000);
        for (int i = 0; i < 4000; i++) {
            String key = "user-" + (i % 7);
            pool.execute(() -> {
                try {
                    var result = limit.tryAcquire(key);
                    result.granted().ifPresent(permit -> {
                        granted.incrementAndGet();
                        worst.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                        assertThat(limit.heldBy(key)).isLessThanOrEqualTo(5);
                        concurrent.decrementAndGet();
                        permit.close();
                    });
                } finally {
                    done.countDown();
                }
            });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        pool.shutdown();
        assertThat(granted.get()).isPositive();
        assertThat(worst.get()).isLessThanOrEqualTo(35); // 7 keys x 5
        assertThat(limit.inUse()).isZero();
    }

    @Test
    void refusesNonsenseLimits() {
        List<IllegalArgumentException> errors = new ArrayList<>();
        for (int[] bad : new int[][] {{0, 1}, {1, 0}}) {
            try {
                new ConcurrencyLimit(bad[0], bad[1]);
            } catch (IllegalArgumentException e) {
                errors.add(e);
            }
        }
        assertThat(errors).hasSize(2);
    }
}
