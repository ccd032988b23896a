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
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TaskMessageCodecTest {
    private static final UserId OWNER = UserId.random();
    private final TaskMessageCodec codec = new TaskMessageCodec();

    private static TaskMessage message() {
        AnalysisRequest request = new AnalysisRequest(Email.of("a@example.com"), new Cik(320193), FormType.DEF_14A,
                AccessionNumber.of("0000320193-24-000123"), 1);
        return TaskMessage.of(TaskId.random(), request, DedupKeys.of(OWNER, request), Instant.parse("2026-11-21T10:15:30Z"));
    }

    @Test
    void roundTripsWithSchemaVersionAndReadableFields() {
        TaskMessage message = message();
        String json = codec.encode(message);

        assertThat(json).contains("\"schemaVersion\":3", "\"modelTier\":\"small\"", "\"attempt\":0", "\"formType\":\"DEF 14A\"", "\"cik\":\"0000320193\"",
                "\"requestedAt\":\"2026-11-21T10:15:30Z\"", "\"ticker\":null");
        assertThat(codec.decode(json)).isEqualTo(message);
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
        String v1 = codec.encode(current).replace("\"schemaVersion\":3", "\"schemaVersion\":1")
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
                Instant.parse("2026-11-21T10:15:30Z"));
        String json = codec.encode(message);
        assertThat(json).contains("\"schemaVersion\":3", "\"modelTier\":\"large\"");
        assertThat(codec.decode(json)).isEqualTo(message);
        assertThat(codec.decode(codec.encode(message.nextAttempt(2))).modelTier()).isEqualTo(ModelTier.LARGE);
        assertThatThrownBy(() -> codec.decode(json.replace("\"large\"", "\"huge\"")))
                .isInstanceOf(UnreadableTaskMessageException.class);
    }

    @Test
    void versionOneAndTwoMessagesAreOfTheDefaultTier() {
        String v2 = codec.encode(message()).replace("\"schemaVersion\":3", "\"schemaVersion\":2")
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
                Instant.parse("2026-11-21T10:15:30Z"));
        String json = codec.encode(message);
        assertThat(json).contains("\"email\":null");
        assertThat(codec.decode(json)).isEqualTo(message);
    }
}
