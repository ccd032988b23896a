package com.aperilex.flow.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aperilex.flow.domain.TaskLane;
import com.aperilex.flow.message.TaskMessage;
import com.aperilex.flow.persistence.TaskSweeps;
import com.aperilex.flow.pipeline.PipelineTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A higher tier's task does not wait behind a lower tier's backlog: a worker running one task at a time
 * (aperilex.queue.consumers=1) with a backlog of DEMO tasks (priority 6, the low lane) starts a PROFESSIONAL
 * task (priority 2, the high lane) published after all of them before any of them.
 *
 * <p>The worker is kept busy by the test itself holding its one slot of the real gate (workerSlots), so what is
 * waiting when the slot frees is known without timing: every DEMO task, and the PROFESSIONAL one.
 */
@TestPropertySource(properties = "aperilex.queue.consumers=1")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PriorityLanesTest extends PipelineTestSupport {
    private static final int DEMO_PRIORITY = 6;
    private static final int PROFESSIONAL_PRIORITY = 2;
    private static final int BACKLOG = 4;

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    WorkerSlotGate workerSlots;
    @Autowired
    TaskSweeps sweeps;
    @Autowired
    SqsClient devSqsClient;

    @Test
    void aProfessionalTaskStartsBeforeTheDemoBacklogQueuedBeforeIt() throws Exception {
        // Task rows through the API (queued in the lane of the tests' tier) with no consumer running; those
        // messages are purged and published again at the priorities of this test.
        List<String> lanes = new ArrayList<>();
        for (TaskLane lane : TaskLane.values()) {
            lanes.add("consume-tasks-" + lane.wireName());
        }
        for (String route : lanes) {
            camel.getRouteController().stopRoute(route);
        }
        List<String> demo = new ArrayList<>();
        String professional;
        for (int i = 0; i <= BACKLOG; i++) {
            long cik = 3_140_000L + i;
            String accession = "000%07d-24-000001".formatted(cik);
            serveCompany(cik, "Lane Test " + i + " Inc.", accession, "lt" + i + "-10k.htm");
        }
        for (int i = 0; i < BACKLOG; i++) {
            demo.add(submit("{\"email\": \"%s\", \"cik\": \"%d\"}".formatted(uniqueEmail(), 3_140_000L + i)));
        }
        professional = submit("{\"email\": \"%s\", \"cik\": \"%d\"}".formatted(uniqueEmail(), 3_140_000L + BACKLOG));
        for (TaskLane lane : TaskLane.values()) {
            String url = devSqsClient.getQueueUrl(b -> b.queueName("aperilex-tasks-" + lane.wireName() + ".fifo")).queueUrl();
            devSqsClient.purgeQueue(b -> b.queueUrl(url));
        }

        // The worker is busy: the test holds its one slot.
        workerSlots.acquire("bulk");
        boolean holding = true;
        try {
            for (String route : lanes) {
                camel.getRouteController().startRoute(route);
            }
            for (String taskId : demo) {
                producer.sendBody("direct:publish-task", reprioritised(taskId, DEMO_PRIORITY));
            }
            // The low lane's consumer has a DEMO task and waits for the slot, the rest of the backlog behind it.
            await().atMost(Duration.ofSeconds(30)).until(() -> workerSlots.waiting(TaskLane.LOW) == 1);
            producer.sendBody("direct:publish-task", reprioritised(professional, PROFESSIONAL_PRIORITY));
            await().atMost(Duration.ofSeconds(30)).until(() -> workerSlots.waiting(TaskLane.HIGH) == 1);
            assertThat(statuses(demo)).containsOnly("QUEUED");

            workerSlots.release();
            holding = false;
        } finally {
            if (holding) {
                workerSlots.release();
            }
        }

        assertThat(awaitFinished(professional).get("status").asText()).isEqualTo("COMPLETED");
        for (String taskId : demo) {
            assertThat(awaitFinished(taskId).get("status").asText()).isEqualTo("COMPLETED");
        }
        long professionalStart = firstStart(professional);
        for (String taskId : demo) {
            assertThat(firstStart(taskId)).as("DEMO task %s started after the PROFESSIONAL one", taskId)
                    .isGreaterThan(professionalStart);
        }
    }

    /** The task's message as the republish sweeps build it from its row, at another priority. */
    private TaskMessage reprioritised(String taskId, int priority) {
        TaskMessage m = sweeps.stranded(Instant.now().plusSeconds(3600), true, 1000).stream().map(TaskSweeps.Republish::message)
                .filter(t -> t.taskId().toString().equals(taskId)).findFirst().orElseThrow();
        return new TaskMessage(m.schemaVersion(), m.taskId(), m.email(), m.ticker(), m.cik(), m.formType(),
                m.accessionNumber(), m.requestSchemaVersion(), m.dedupKey(), m.requestedAt(), m.attempt(), m.modelTier(),
                priority, m.filingSource());
    }

    private List<String> statuses(List<String> taskIds) {
        return taskIds.stream().map(id -> jdbc.queryForObject("SELECT status FROM tasks WHERE id = ?::uuid",
                String.class, id)).toList();
    }

    /** The id of the task's first PROCESSING transition: transitions are numbered in the order they are written. */
    private long firstStart(String taskId) {
        return jdbc.queryForObject("""
                SELECT min(id) FROM task_transitions WHERE task_id = ?::uuid AND status = 'PROCESSING'""",
                Long.class, taskId);
    }
}
