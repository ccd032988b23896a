package com.aperilex.flow.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.ServiceTestSupport;
import com.aperilex.flow.domain.AnalysisRequest;
import com.aperilex.flow.domain.Email;
import com.aperilex.flow.domain.ErrorCode;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.domain.Ticker;
import com.aperilex.flow.intake.DedupKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Task state changes against the real database, including the races between intake and a worker. */
class TaskTransitionsTest extends ServiceTestSupport {

    @Autowired
    TaskAdmissions admissions;
    @Autowired
    com.aperilex.flow.persistence.Users users;
    @Autowired
    TaskRuns runs;
    @Autowired
    TaskTransitions transitions;
    @Autowired
    TaskReads reads;

    private Admission newTask() {
        AnalysisRequest request = new AnalysisRequest(Email.of(uniqueEmail()), Ticker.of("REPO"), FormType.TEN_K, null, 1);
        return admissions.admit(owner(request), request, DedupKeys.of(owner(request), request), Instant.now(), Duration.ofHours(24));
    }

    private List<String> history(Admission admission) {
        return jdbc.queryForList("SELECT status FROM task_transitions WHERE task_id = ? ORDER BY id", String.class,
                admission.taskId().value());
    }

    @Test
    void workerThatWinsTheRaceWithIntakeStillRecordsQueuedFirst() {
        Admission admission = newTask();
        assertThat(admission.created()).isTrue();

        assertThat(runs.markProcessing(admission.taskId(), 0, Instant.now(), java.time.Duration.ofMinutes(15))).isTrue();
        assertThat(transitions.markQueued(admission.taskId(), Instant.now())).as("late QUEUED is ignored").isFalse();

        assertThat(history(admission)).containsExactly("PENDING", "QUEUED", "PROCESSING");
        assertThat(reads.find(admission.taskId()).orElseThrow().status().name()).isEqualTo("PROCESSING");
    }

    @Test
    void aTaskIsTakenOnceAndAFinishedTaskNotAtAll() {
        Admission admission = newTask();
        transitions.markQueued(admission.taskId(), Instant.now());

        assertThat(runs.markProcessing(admission.taskId(), 0, Instant.now(), java.time.Duration.ofMinutes(15))).isTrue();
        assertThat(runs.markProcessing(admission.taskId(), 0, Instant.now(), java.time.Duration.ofMinutes(15))).as("redelivery").isFalse();
        assertThat(transitions.fail(admission.taskId(), ErrorCode.FILING_NOT_FOUND, "no such filing", Instant.now())).isTrue();
        assertThat(transitions.fail(admission.taskId(), ErrorCode.FILING_NOT_FOUND, "again", Instant.now())).isFalse();
        assertThat(runs.markProcessing(admission.taskId(), 0, Instant.now(), java.time.Duration.ofMinutes(15))).isFalse();

        assertThat(history(admission)).containsExactly("PENDING", "QUEUED", "PROCESSING", "FAILED");
        TaskRecord failed = reads.find(admission.taskId()).orElseThrow();
        assertThat(failed.errorCode()).isEqualTo(ErrorCode.FILING_NOT_FOUND);
        assertThat(failed.errorMessage()).isEqualTo("no such filing");
    }

    /** The test user of the request's email (a users row, made on first use). */
    private com.aperilex.flow.domain.UserId owner(com.aperilex.flow.domain.AnalysisRequest request) {
        return users.resolve("email:" + request.email(), request.email());
    }
}
