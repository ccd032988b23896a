package com.aperilex.flow.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aperilex.flow.domain.TaskLane;
import com.aperilex.flow.pipeline.PipelineTestSupport;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * A stopping worker does not start the tasks waiting for a slot: they stay QUEUED, their message unsettled
 * (it goes back to the queue), while the running ones finish. The worker is busy with the test's own hold on
 * its one slot.
 */
@TestPropertySource(properties = "aperilex.queue.consumers=1")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class WorkerStopTest extends PipelineTestSupport {
    @Autowired
    CamelContext camel;
    @Autowired
    WorkerSlotGate workerSlots;

    @Test
    void aTaskWaitingForASlotIsNotStartedWhenTheWorkerStops() throws Exception {
        serveCompany(3_150_001L, "Stopping Works Inc.", "0003150001-24-000001", "sw-10k.htm");
        workerSlots.acquire("bulk");
        String taskId;
        try {
            taskId = submit("{\"email\": \"%s\", \"cik\": \"3150001\"}".formatted(uniqueEmail()));
            await().atMost(Duration.ofSeconds(30)).until(() -> waitingInAnyLane() == 1);

            camel.stop();
            // Refused, not still waiting for the slot the test holds: it can never start.
            assertThat(waitingInAnyLane()).isZero();
        } finally {
            workerSlots.release();
        }

        assertThat(jdbc.queryForObject("SELECT status FROM tasks WHERE id = ?::uuid", String.class, taskId))
                .isEqualTo("QUEUED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM task_transitions WHERE task_id = ?::uuid AND status = 'PROCESSING'",
                Long.class, taskId)).isZero();
    }

    private int waitingInAnyLane() {
        int waiting = 0;
        for (TaskLane lane : TaskLane.values()) {
            waiting += workerSlots.waiting(lane);
        }
        return waiting;
    }
}
