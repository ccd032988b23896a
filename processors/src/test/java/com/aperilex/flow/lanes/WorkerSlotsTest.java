package com.aperilex.flow.lanes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aperilex.flow.domain.TaskLane;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkerSlotsTest {
    private static final int HIGH = 0;
    private static final int STANDARD = 1;
    private static final int LOW = 2;

    @Test
    void freeSlotsAreGrantedAtOnceWhateverTheLane() {
        WorkerSlots slots = new WorkerSlots(2, 3, 4);
        assertThat(slots.request(LOW).granted()).isTrue();
        assertThat(slots.request(HIGH).granted()).isTrue();
        assertThat(slots.free()).isZero();
        WorkerSlots.Ticket third = slots.request(LOW);
        assertThat(third.granted()).isFalse();
        assertThat(slots.waiting(LOW)).isEqualTo(1);
    }

    @Test
    void aFreedSlotGoesToTheHighestLaneWithAWaiterEvenIfItCameLast() {
        WorkerSlots slots = new WorkerSlots(1, 3, 4);
        slots.request(LOW);
        List<WorkerSlots.Ticket> backlog = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            backlog.add(slots.request(LOW));
        }
        WorkerSlots.Ticket standard = slots.request(STANDARD);
        WorkerSlots.Ticket high = slots.request(HIGH);

        slots.release();
        assertThat(high.granted()).isTrue();
        assertThat(standard.granted()).isFalse();
        assertThat(backlog).noneMatch(WorkerSlots.Ticket::granted);
        slots.release();
        assertThat(standard.granted()).isTrue();
        assertThat(backlog).noneMatch(WorkerSlots.Ticket::granted);
        // Within a lane, first come first served.
        slots.release();
        assertThat(backlog.get(0).granted()).isTrue();
        assertThat(backlog.get(1).granted()).isFalse();
    }

    @Test
    void aLanePassedOverMaxPassesTimesInARowGetsTheNextSlot() {
        WorkerSlots slots = new WorkerSlots(1, 3, 2);
        slots.request(HIGH);
        WorkerSlots.Ticket low = slots.request(LOW);
        List<WorkerSlots.Ticket> highs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            highs.add(slots.request(HIGH));
        }
        slots.release(); // passes the low lane once
        slots.release(); // twice
        assertThat(highs.get(1).granted()).isTrue();
        assertThat(low.granted()).isFalse();
        slots.release(); // the low lane has been passed over twice: its turn
        assertThat(low.granted()).isTrue();
        assertThat(highs.get(2).granted()).isFalse();
        slots.release(); // back to the high lane
        assertThat(highs.get(2).granted()).isTrue();
    }

    @Test
    void theLowestLaneIsServedWithinABoundedNumberOfGrantsUnderAFullBacklogAbove() {
        int maxPasses = 3;
        WorkerSlots slots = new WorkerSlots(1, 3, maxPasses);
        slots.request(HIGH);
        List<WorkerSlots.Ticket> lows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            lows.add(slots.request(LOW));
        }
        List<WorkerSlots.Ticket> above = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            above.add(slots.request(i % 2 == 0 ? HIGH : STANDARD));
        }
        int grants = 0;
        for (WorkerSlots.Ticket low : lows) {
            int since = 0;
            while (!low.granted()) {
                slots.release();
                grants++;
                since++;
            }
            assertThat(since).as("grants until a low task got a slot").isLessThanOrEqualTo((maxPasses + 1) * 3);
        }
        assertThat(grants).isLessThan(above.size());
    }

    @Test
    void aLaneWithNothingWaitingStartsCountingAgain() {
        WorkerSlots slots = new WorkerSlots(1, 3, 2);
        slots.request(HIGH);
        WorkerSlots.Ticket firstLow = slots.request(LOW);
        WorkerSlots.Ticket h1 = slots.request(HIGH);
        WorkerSlots.Ticket h2 = slots.request(HIGH);
        slots.release(); // h1, low passed once
        slots.release(); // h2, low passed twice
        assertThat(h2.granted()).isTrue();
        slots.release(); // low's turn, its count back to 0
        assertThat(firstLow.granted()).isTrue();
        WorkerSlots.Ticket h3 = slots.request(HIGH);
        WorkerSlots.Ticket secondLow = slots.request(LOW);
        slots.release();
        assertThat(h3.granted()).isTrue();
        assertThat(secondLow.granted()).isFalse();
    }

    @Test
    void releasingWithNobodyWaitingFreesTheSlot() {
        WorkerSlots slots = new WorkerSlots(1, 2, 2);
        slots.request(STANDARD);
        slots.release();
        assertThat(slots.free()).isEqualTo(1);
        assertThatThrownBy(slots::release).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> slots.request(5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBlockedAcquireReturnsOnceItsSlotIsGranted() throws Exception {
        WorkerSlots slots = new WorkerSlots(1, 2, 2);
        slots.request(HIGH);
        CountDownLatch acquired = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                slots.acquire(STANDARD);
                acquired.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        while (slots.waiting(STANDARD) == 0) {
            Thread.onSpinWait();
        }
        assertThat(acquired.getCount()).isEqualTo(1);
        slots.release();
        assertThat(acquired.await(30, TimeUnit.SECONDS)).isTrue();
        waiter.join();
        assertThat(slots.free()).isZero();
    }

    @Test
    void anInterruptedWaiterWithdrawsItsRequest() throws Exception {
        WorkerSlots slots = new WorkerSlots(1, 2, 2);
        slots.request(HIGH);
        Throwable[] thrown = new Throwable[1];
        Thread waiter = new Thread(() -> {
            try {
                slots.acquire(STANDARD);
            } catch (InterruptedException e) {
                thrown[0] = e;
            }
        });
        waiter.start();
        while (slots.waiting(STANDARD) == 0) {
            Thread.onSpinWait();
        }
        waiter.interrupt();
        waiter.join();
        assertThat(thrown[0]).isInstanceOf(InterruptedException.class);
        assertThat(slots.waiting(STANDARD)).isZero();
        slots.release();
        assertThat(slots.free()).isEqualTo(1);
    }

    @Test
    void closingRefusesTheWaitingAndLaterRequestsAndLeavesRunningSlotsHeld() throws Exception {
        WorkerSlots slots = new WorkerSlots(1, 2, 2);
        WorkerSlots.Ticket running = slots.request(HIGH);
        WorkerSlots.Ticket waiting = slots.request(STANDARD);
        slots.close();
        assertThat(running.granted()).isTrue();
        assertThat(waiting.refused()).isTrue();
        assertThat(waiting.granted()).isFalse();
        assertThatThrownBy(waiting::await).isInstanceOf(SlotsClosedException.class);
        assertThatThrownBy(() -> slots.acquire(HIGH)).isInstanceOf(SlotsClosedException.class);
        assertThat(slots.waiting(STANDARD)).isZero();
        slots.release();
        assertThat(slots.free()).isEqualTo(1);
    }

    @Test
    void lanesCoverEveryPriorityOnceHighestFirst() {
        assertThat(TaskLane.of(0)).isEqualTo(TaskLane.HIGHEST);
        assertThat(TaskLane.of(2)).isEqualTo(TaskLane.HIGH);
        assertThat(TaskLane.of(4)).isEqualTo(TaskLane.STANDARD);
        assertThat(TaskLane.of(6)).isEqualTo(TaskLane.LOW);
        assertThat(TaskLane.of(9)).isEqualTo(TaskLane.BULK);
        int expected = 0;
        for (TaskLane lane : TaskLane.values()) {
            assertThat(lane.highestPriority()).isEqualTo(expected);
            expected = lane.lowestPriority() + 1;
            assertThat(TaskLane.named(lane.wireName())).isEqualTo(lane);
        }
        assertThat(expected).isEqualTo(10);
        assertThatThrownBy(() -> TaskLane.of(10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TaskLane.of(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withEveryLaneBackloggedTheHighestGetsFourOfEveryFiveSlotsAndEveryLaneIsServed() {
        int lanes = 5;
        WorkerSlots slots = new WorkerSlots(1, lanes, 4);
        slots.request(0); // the one slot is held
        List<List<WorkerSlots.Ticket>> backlog = new ArrayList<>();
        for (int rank = 0; rank < lanes; rank++) {
            List<WorkerSlots.Ticket> lane = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                lane.add(slots.request(rank));
            }
            backlog.add(lane);
        }
        int[] served = new int[lanes];
        int[] firstServedAt = new int[lanes];
        java.util.Arrays.fill(firstServedAt, -1);
        for (int grant = 1; grant <= 100; grant++) {
            slots.release();
            for (int rank = 0; rank < lanes; rank++) {
                long granted = backlog.get(rank).stream().filter(WorkerSlots.Ticket::granted).count();
                if (granted > served[rank]) {
                    served[rank] = (int) granted;
                    if (firstServedAt[rank] < 0) {
                        firstServedAt[rank] = grant;
                    }
                }
            }
        }
        assertThat(java.util.Arrays.stream(served).sum()).isEqualTo(100);
        assertThat(served[0]).as("the highest lane's share").isEqualTo(80);
        for (int rank = 1; rank < lanes; rank++) {
            assertThat(served[rank]).as("lane " + rank).isEqualTo(5);
            assertThat(firstServedAt[rank]).as("lane " + rank + " first served").isLessThanOrEqualTo(5 * lanes);
        }
    }
}
