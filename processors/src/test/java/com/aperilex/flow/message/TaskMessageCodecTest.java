package com.aperilex.flow.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aperilex.flow.domain.AccessionNumber;
import com.aperilex.flow.domain.AnalysisRequest;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.Email;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.domain.ModelTier;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.domain.UserId;
import com.aperilex.flow.intake.DedupKeys;
import com.aperilex.flow.domain.TaskLane;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TaskMessageCodecTest {
    private static final UserId OWNER = UserId.random();
    private final TaskMessageCodec codec = new TaskMessageCodec();

    private static TaskMessage message() {
        AnalysisRequest request = new AnalysisRequest(Email.of("a@example.com"), new Cik(320193), FormType.DEF_14A,
                AccessionNumber.of("0000320193-24-000123"), 1);
        return TaskMessage.of(TaskId.random(), request, DedupKeys.of(OWNER, request), Instant.parse("2026-11-21T10:15:30Z"),
                6, null);
    }

    @Test
    void roundTripsWithSchemaVersionAndReadableFields() {
        TaskMessage message = message();
        String json = codec.encode(message);

        assertThat(json).contains("\"schemaVersion\":4", "\"modelTier\":\"small\"", "\"priority\":6", "\"filingSource\":null", "\"attempt\":0", "\"formType\":\"DEF 14A\"", "\"cik\":\"0000320193\"",
                "\"requestedAt\":\"2026-11-21T10:15:30Z\"", "\"ticker\":null");
        assertThat(codec.decode(json)).isEqualTo(message);
    }

    /** The message as a version 3 producer wrote it: no priority, no filing source. */
    private String v3(TaskMessage message) {
        String v3 = codec.encode(message).replace("\"schemaVersion\":4", "\"schemaVersion\":3")
                .replace(",\"priority\":" + message.priority(), "").replace(",\"filingSource\":null", "");
        assertThat(v3).doesNotContain("priority", "filingSource");
        return v3;
    }

    @Test
    void versionFourCarriesThePriorityAndTheFilingSource() {
        AnalysisRequest request = new AnalysisRequest(Email.of("a@example.com"), new Cik(320193), FormType.TEN_K,
                null, 1);
        TaskMessage message = TaskMessage.of(TaskId.random(), request, DedupKeys.of(OWNER, request),
                Instant.parse("2026-11-21T10:15:30Z"), 2, "pool");
        String json = codec.encode(message);
        assertThat(json).contains("\"schemaVersion\":4", "\"priority\":2", "\"filingSource\":\"pool\"");
        TaskMessage read = codec.decode(json);
        assertThat(read).isEqualTo(message);
        assertThat(read.lane()).isEqualTo(TaskLane.HIGH);
        TaskMessage retry = codec.decode(codec.encode(message.nextAttempt(1)));
        assertThat(retry.priority()).isEqualTo(2);
        assertThat(retry.filingSource()).isEqualTo("pool");
        assertThatThrownBy(() -> codec.decode(json.replace("\"priority\":2", "\"priority\":10")))
                .isInstanceOf(UnreadableTaskMessageException.class);
        assertThatThrownBy(() -> codec.decode(json.replace("\"priority\":2", "\"priority\":null")))
                .isInstanceOf(UnreadableTaskMessageException.class);
    }

    @Test
    void versionOneToThreeMessagesAreOfTheStandardLaneAndTheConfiguredSource() {
        TaskMessage current = message();
        String v3 = v3(current);
        String v2 = v3.replace("\"schemaVersion\":3", "\"schemaVersion\":2").replace(",\"modelTier\":\"small\"", "");
        String v1 = v2.replace("\"schemaVersion\":2", "\"schemaVersion\":1").replace(",\"attempt\":0", "");
        for (String old : new String[] {v1, v2, v3}) {
            TaskMessage read = codec.decode(old);
            assertThat(read.priority()).as(old).isEqualTo(TaskLane.DEFAULT_PRIORITY);
            assertThat(read.lane()).isEqualTo(TaskLane.STANDARD);
            assertThat(read.filingSource()).isNull();
            assertThat(read.taskId()).isEqualTo(current.taskId());
        }
        assertThat(codec.decode(v3).schemaVersion()).isEqualTo(3);
        // A version that predates priorities cannot carry one.
        assertThatThrownBy(() -> codec.decode(v3.replace("{", "{\"priority\": 0, ")))
                .isInstanceOf(UnreadableTaskMessageException.class);
        assertThatThrownBy(() -> codec.decode(v3.replace("{", "{\"filingSource\": \"pool\", ")))
                .isInstanceOf(UnreadableTaskMessageException.class);
    }

    @Test
    void garbageIsUnreadable() {
        for (String body : new String[] {"", "not json", "[1]", "{}", "{\"schemaVersion\": \"1\"}",
                "{\"schemaVersion\": 1, \"taskId\": \"x\"}", "{\"schemaVersion\": 1}"}) {
            assertThatThrownBy(() -> codec.decode(body)).as(body).isInstanceOf(UnreadableTaskMessageException.class);
        }
    }

    @Test
    void unknownFieldsInAKnownVersionAreUnreadable() {
        String json = codec.encode(message()).replace("{", "{\"surprise\": 1, ");
        assertThatThrownBy(() -> codec.decode(json)).isInstanceOf(UnreadableTaskMessageException.class);
    }

    @Test
    void newerVersionWithATaskIdIsUnsupportedNotGarbage() {
        TaskId taskId = TaskId.random();
        assertThatThrownBy(() -> codec.decode("{\"schemaVersion\": 7, \"taskId\": \"" + taskId + "\"}"))
                .isInstanceOfSatisfying(UnsupportedTaskSchemaException.class, e -> {
                    assertThat(e.taskId()).isEqualTo(taskId);
                    assertThat(e.schemaVersion()).isEqualTo(7);
                });
        assertThatThrownBy(() -> codec.decode("{\"schemaVersion\": 7}"))
                .isInstanceOf(UnreadableTaskMessageException.class);
    }

    @Test
    void versionOneMessagesStillReadAsFirstRuns() {
        TaskMessage current = message();
        String v1 = v3(current).replace("\"schemaVersion\":3", "\"schemaVersion\":1")
                .replace(",\"attempt\":0", "").replace(",\"modelTier\":\"small\"", "");
        assertThat(v1).doesNotContain("attempt");
        TaskMessage read = codec.decode(v1);
        assertThat(read.attempt()).isZero();
        assertThat(read.taskId()).isEqualTo(current.taskId());
        assertThat(read.schemaVersion()).isEqualTo(1);
    }

    @Test
    void retriesCarryTheirAttemptInTheRunKey() {
        TaskMessage first = message();
        TaskMessage retry = first.nextAttempt(3);
        assertThat(codec.decode(codec.encode(retry))).isEqualTo(retry);
        assertThat(first.runKey()).isEqualTo(first.taskId().toString());
        assertThat(retry.runKey()).isEqualTo(first.taskId() + "-3");
    }

    @Test
    void versionThreeCarriesTheModelTier() {
        AnalysisRequest request = new AnalysisRequest(Email.of("a@example.com"), new Cik(320193), FormType.TEN_K,
                null, 1, ModelTier.LARGE);
        TaskMessage message = TaskMessage.of(TaskId.random(), request, DedupKeys.of(OWNER, request),
                Instant.parse("2026-11-21T10:15:30Z"), 0, null);
        String json = codec.encode(message);
        assertThat(json).contains("\"schemaVersion\":4", "\"modelTier\":\"large\"");
        assertThat(codec.decode(json)).isEqualTo(message);
        assertThat(codec.decode(codec.encode(message.nextAttempt(2))).modelTier()).isEqualTo(ModelTier.LARGE);
        assertThatThrownBy(() -> codec.decode(json.replace("\"large\"", "\"huge\"")))
                .isInstanceOf(UnreadableTaskMessageException.class);
    }

    @Test
    void versionOneAndTwoMessagesAreOfTheDefaultTier() {
        String v2 = v3(message()).replace("\"schemaVersion\":3", "\"schemaVersion\":2")
                .replace(",\"modelTier\":\"small\"", "");
        String v1 = v2.replace("\"schemaVersion\":2", "\"schemaVersion\":1").replace(",\"attempt\":0", "");
        assertThat(v1).doesNotContain("modelTier", "attempt");
        assertThat(codec.decode(v2).modelTier()).isEqualTo(ModelTier.DEFAULT);
        assertThat(codec.decode(v1).modelTier()).isEqualTo(ModelTier.DEFAULT);
        TaskMessageCodec largeByDefault = new TaskMessageCodec(ModelTier.LARGE);
        assertThat(largeByDefault.decode(v1).modelTier()).isEqualTo(ModelTier.LARGE);
        assertThat(largeByDefault.decode(v2).modelTier()).isEqualTo(ModelTier.LARGE);
        assertThat(largeByDefault.decode(v2).schemaVersion()).isEqualTo(2);
        // A version that predates tiers cannot name one.
        assertThatThrownBy(() -> codec.decode(v2.replace("{", "{\"modelTier\": \"large\", ")))
                .isInstanceOf(UnreadableTaskMessageException.class);
    }

    @Test
    void aTaskOfACallerWithoutAnEmailCarriesNone() {
        AnalysisRequest request = new AnalysisRequest(null, new Cik(320193), FormType.TEN_K, null, 1);
        TaskMessage message = TaskMessage.of(TaskId.random(), request, DedupKeys.of(OWNER, request),
                Instant.parse("2026-11-21T10:15:30Z"), 0, null);
        String json = codec.encode(message);
        assertThat(json).contains("\"email\":null");
        assertThat(codec.decode(json)).isEqualTo(message);
    }
}
