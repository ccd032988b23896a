package com.aperilex.flow.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aperilex.flow.domain.FilingId;
import com.aperilex.flow.domain.TaskId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The accepted narrative is kept before its OK call is recorded, and the row names where. */
class LlmAnalystArchiveTest {
    private static final String NARRATIVE = """
            {"summary": "Sales grew.", "keyRisks": [{"title": "Competition", "severity": "medium",
              "description": "Prices fall."}], "mdaHighlights": ["Margins rose."], "outlook": "Stable."}""";
    private static final LlmPrompt PROMPT = new LlmPrompt(List.of(
            new LlmPrompt.Message(LlmPrompt.Role.USER, "x".repeat(400))), 100);
    private static final LlmCallContext CONTEXT = new LlmCallContext(new TaskId(UUID.randomUUID()),
            new FilingId(UUID.randomUUID()));

    private final List<String> events = new ArrayList<>();
    private final List<LlmCall> calls = new ArrayList<>();

    @Test
    void theNarrativeIsKeptBeforeItsOkRowWhichNamesTheKey() {
        LlmAnalyst.Result result = analyst("{\"summary\": 1}", NARRATIVE).analyze(CONTEXT, PROMPT, kept -> {
            events.add("keep " + kept.narrative().summary() + " after " + kept.usage().calls() + " calls");
            return "narratives/k.json";
        });
        assertThat(events).containsExactly("record INVALID_ANSWER", "keep Sales grew. after 2 calls", "record OK");
        assertThat(calls).extracting(LlmCall::answerStorageKey).containsExactly(null, "narratives/k.json");
        assertThat(result.narrative().summary()).isEqualTo("Sales grew.");
    }

    @Test
    void whenKeepingFailsThePaidCallIsStillRecorded() {
        assertThatThrownBy(() -> analyst(NARRATIVE).analyze(CONTEXT, PROMPT, kept -> {
            throw new IllegalStateException("storage down");
        })).hasMessage("storage down");
        assertThat(calls).extracting(LlmCall::outcome).containsExactly(LlmCall.Outcome.OK);
        assertThat(calls.get(0).answerStorageKey()).isNull();
    }

    @Test
    void withoutAnArchiveNoKeyIsRecorded() {
        analyst(NARRATIVE).analyze(CONTEXT, PROMPT);
        assertThat(calls).extracting(LlmCall::answerStorageKey).containsExactly((String) null);
    }

    private LlmAnalyst analyst(String... answers) {
        Deque<String> left = new ArrayDeque<>(List.of(answers));
        LlmClient client = new LlmClient() {
            @Override
            public String provider() {
                return "test";
            }

            @Override
            public String model() {
                return "m";
            }

            @Override
            public LlmCompletion complete(LlmPrompt prompt) {
                return new LlmCompletion(left.removeFirst(), 100, 20, 5);
            }
        };
        return new LlmAnalyst(client, Map.of(), call -> {
            events.add("record " + call.outcome());
            calls.add(call);
        }, LlmSpendGuard.UNLIMITED, TokenEstimate.DEFAULT, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    }
}
