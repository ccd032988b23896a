package com.aperilex.flow.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aperilex.flow.domain.ErrorCode;
import com.aperilex.flow.domain.FilingId;
import com.aperilex.flow.domain.TaskFailure;
import com.aperilex.flow.domain.TaskId;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Every call recorded and reserved against the budget before it starts, settled to its cost after. */
class LlmAnalystTest {
    private static final String NARRATIVE = """
            {"summary": "Sales grew.", "keyRisks": [{"title": "Competition", "severity": "medium",
              "description": "Prices fall."}], "mdaHighlights": ["Margins rose."], "outlook": "Stable."}""";
    private static final Instant NOW = Instant.parse("2026-12-01T21:00:00Z");
    private static final LlmPrompt PROMPT = new LlmPrompt(List.of(
            new LlmPrompt.Message(LlmPrompt.Role.USER, "x".repeat(4_000))), 1_000);
    private static final ModelPrice PRICE = new ModelPrice(new BigDecimal("1"), new BigDecimal("2"));
    private static final LlmCallContext CONTEXT = new LlmCallContext(new TaskId(UUID.randomUUID()),
            new FilingId(UUID.randomUUID()));

    private final List<LlmCall> calls = new ArrayList<>();
    private final List<String> ledger = new ArrayList<>();

    @Test
    void aRepairedAnswerIsTwoRecordedCallsAndTheUsageIsTheirSum() {
        LlmAnalyst analyst = analyst(answers(() -> completion("{\"summary\": 42"), () -> completion(NARRATIVE)),
                guard(true));
        LlmAnalyst.Result result = analyst.analyze(CONTEXT, PROMPT);
        assertThat(calls).extracting(LlmCall::outcome).containsExactly(LlmCall.Outcome.INVALID_ANSWER,
                LlmCall.Outcome.OK);
        assertThat(calls).allSatisfy(c -> {
            assertThat(c.task()).isEqualTo(CONTEXT.task());
            assertThat(c.filing()).isEqualTo(CONTEXT.filing());
            assertThat(c.costUsd()).isEqualByComparingTo("0.0014"); // 1000 * 1e-6 + 200 * 2e-6
        });
        assertThat(result.usage().calls()).isEqualTo(2);
        assertThat(result.usage().inputTokens()).isEqualTo(2_000);
        assertThat(result.usage().costUsd()).isEqualByComparingTo("0.0028");
        // 1000 estimated prompt tokens (4000 chars) + 1000 max output: 0.003 reserved, settled to 0.0014.
        assertThat(ledger.get(0)).isEqualTo("reserve 2026-12-01 0.003000");
        assertThat(ledger.get(1)).isEqualTo("settle 0.003000 -> 0.001400");
        assertThat(ledger).hasSize(4);
    }

    @Test
    void aFailedRepairKeepsTheAnsweredCallAndRecordsTheFailure() {
        LlmAnalyst analyst = analyst(answers(() -> completion("{\"summary\": 42"), () -> {
            throw new LlmCallException("HTTP 500", true, null);
        }), guard(true));
        assertThatThrownBy(() -> analyst.analyze(CONTEXT, PROMPT)).isInstanceOfSatisfying(TaskFailure.class,
                f -> assertThat(f.isTransient()).isTrue());
        assertThat(calls).extracting(LlmCall::outcome).containsExactly(LlmCall.Outcome.INVALID_ANSWER,
                LlmCall.Outcome.PROVIDER_ERROR_TRANSIENT);
        assertThat(calls.get(0).inputTokens()).isEqualTo(1_000);
        assertThat(calls.get(1).inputTokens()).isZero();
        // The repair's reservation is a little larger (its prompt carries the answer and what is wrong with it).
        assertThat(ledger.get(3)).startsWith("settle ").endsWith(" -> 0");
    }

    @Test
    void aRefusedReservationStartsNoCallAndWaitsForTheNextUtcDay() {
        LlmAnalyst analyst = analyst(answers(() -> {
            throw new AssertionError("no call may start");
        }), guard(false));
        assertThatThrownBy(() -> analyst.analyze(CONTEXT, PROMPT)).isInstanceOfSatisfying(TaskFailure.class, f -> {
            assertThat(f.code()).isEqualTo(ErrorCode.LLM_BUDGET_EXHAUSTED);
            assertThat(f.isTransient()).isTrue();
            assertThat(f.notBefore()).contains(Instant.parse("2026-12-02T00:00:00Z"));
        });
        assertThat(calls).isEmpty();
    }

    @Test
    void aCallTheBreakerRefusedIsNoRecordedCallAndGivesItsReservationBack() {
        Instant retryAt = NOW.plusSeconds(60);
        LlmAnalyst analyst = analyst(answers(() -> {
            throw new LlmCallRefusedException("circuit breaker open", retryAt);
        }), guard(true));
        assertThatThrownBy(() -> analyst.analyze(CONTEXT, PROMPT)).isInstanceOfSatisfying(TaskFailure.class, f -> {
            assertThat(f.code()).isEqualTo(ErrorCode.LLM_FAILED);
            assertThat(f.notBefore()).contains(retryAt);
        });
        assertThat(calls).isEmpty();
        assertThat(ledger).containsExactly("reserve 2026-12-01 0.003000", "settle 0.003000 -> 0");
    }

    private LlmAnalyst analyst(LlmClient client, LlmSpendGuard guard) {
        return new LlmAnalyst(client, Map.of("m", PRICE), calls::add, guard, TokenEstimate.DEFAULT,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private LlmSpendGuard guard(boolean grant) {
        return new LlmSpendGuard() {
            @Override
            public Optional<Reservation> reserve(LocalDate day, BigDecimal maxCostUsd) {
                ledger.add("reserve " + day + " " + maxCostUsd);
                return grant ? Optional.of(new Reservation(day, maxCostUsd)) : Optional.empty();
            }

            @Override
            public void settle(Reservation reservation, BigDecimal actualCostUsd) {
                ledger.add("settle " + reservation.amountUsd() + " -> " + actualCostUsd);
            }
        };
    }

    @SafeVarargs
    private static LlmClient answers(Supplier<LlmCompletion>... answers) {
        Deque<Supplier<LlmCompletion>> left = new ArrayDeque<>(List.of(answers));
        return new LlmClient() {
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
                return left.removeFirst().get();
            }
        };
    }

    private static LlmCompletion completion(String content) {
        return new LlmCompletion(content, 1_000, 200, 5);
    }
}
