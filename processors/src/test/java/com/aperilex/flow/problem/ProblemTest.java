package com.aperilex.flow.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.domain.ErrorCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void aBareStatusGetsItsTypeOrAboutBlank() {
        assertThat(Problem.forStatus(404, "gone", "/x").type().toString()).isEqualTo("https://aperilex.com/problems/not-found");
        assertThat(Problem.forStatus(405, "no", "/x").title()).isEqualTo("Method not allowed");
        assertThat(Problem.forStatus(400, "bad", null).type().toString()).endsWith("/bad-request");
        Problem timeout = Problem.forStatus(408, "slow", "/x");
        assertThat(timeout.type().toString()).isEqualTo("about:blank");
        assertThat(timeout.status()).isEqualTo(408);
        assertThat(timeout.title()).isEqualTo("Request timeout");
        for (int status = 400; status < 600; status++) {
            ProblemType canonical = ProblemType.forStatus(status);
            if (canonical != null) {
                assertThat(canonical.status()).as(canonical.name()).isEqualTo(status);
            }
            assertThat(Problem.forStatus(status, "d", "/x").status()).isEqualTo(status);
        }
    }

    @Test
    void everyErrorCodeHasAFixedPublicSentence() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(code.publicMessage()).as(code.name()).isNotBlank().endsWith(".")
                    .doesNotContain("http", "Exception", "SELECT", "aperilex.");
        }
        assertThat(ErrorCode.fromStoredName("EDGAR_UNAVAILABLE")).isEqualTo(ErrorCode.EDGAR_UNAVAILABLE);
        assertThat(ErrorCode.fromStoredName("A_CODE_FROM_A_NEWER_BUILD")).isEqualTo(ErrorCode.INTERNAL_ERROR);
    }

    @Test
    void extensionMembersAreWrittenBesideTheStandardOnes() throws Exception {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("balanceUsd", "0.0400");
        members.put("priceUsd", "0.1200");
        Problem problem = Problem.of(ProblemType.INSUFFICIENT_CREDITS, "short", "/api/v1/analyses").with(members);

        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(problem));

        assertThat(json.get("type").asText()).isEqualTo("https://aperilex.com/problems/insufficient-credits");
        assertThat(json.get("status").asInt()).isEqualTo(402);
        assertThat(json.get("balanceUsd").asText()).isEqualTo("0.0400");
        assertThat(json.get("priceUsd").asText()).isEqualTo("0.1200");
        assertThat(json.has("extensions")).isFalse();
        assertThat(new ObjectMapper().writeValueAsString(Problem.of(ProblemType.NOT_FOUND, "x", null)))
                .doesNotContain("extensions", "members");
    }
}
