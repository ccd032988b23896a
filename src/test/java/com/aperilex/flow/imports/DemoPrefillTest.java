package com.aperilex.flow.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aperilex.flow.stubs.EdgarStub;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The demo prefill: an import of the universe (here a two-company list) owned by the system and paid by no user,
 * started on its schedule; the next one skips everything the pool holds (no document fetched again); and a DEMO
 * user's request is answered from the prefilled pool with no EDGAR call at all.
 */
@TestPropertySource(properties = {
        "aperilex.demo.prefill.enabled=true",
        "aperilex.demo.prefill.schedule=*/20 * * * * *",
        "aperilex.demo.prefill.check-interval=1s",
        "aperilex.universes.sp500=classpath:universe/prefill-test.csv"
})
class DemoPrefillTest extends ImportTestSupport {
    private static final long ALPHA = 1001261;
    private static final long BETA = 1001262;
    private static final List<Filing> ALPHA_FILINGS = serveCompany(ALPHA, "Prefill Alpha", 2025, 2026);
    private static final List<Filing> BETA_FILINGS = serveCompany(BETA, "Prefill Beta", 2025, 2026);

    @org.springframework.beans.factory.annotation.Autowired
    org.apache.camel.CamelContext camel;

    @Test
    void thePrefillFillsThePoolTheNextSkipsItAndDemoUsersAreAnsweredFromIt() throws Exception {
        // The first prefill: started on the schedule's latest slot, owned by nobody.
        String first = await().atMost(Duration.ofSeconds(60)).until(() -> prefills().stream()
                .filter(id -> "COMPLETED".equals(status(id))).findFirst().orElse(null), id -> id != null);
        JsonNode done = get("/api/v1/imports/" + first).json();
        assertThat(done.get("userId").isNull()).as(done.toString()).isTrue();
        assertThat(done.at("/companies/resolved").asInt()).isEqualTo(2);
        assertThat(done.at("/filings/completed").asInt() + done.at("/filings/skipped").asInt()).isEqualTo(8);
        assertThat(done.get("chargedUsd").decimalValue()).isEqualByComparingTo("0");
        assertThat(done.get("request").get("universe").asText()).isEqualTo("SP500");
        // Paid by the business: its model calls are recorded (within the daily LLM budget), no user's ledger moved.
        BigDecimal cost = jdbc.queryForObject("""
                SELECT COALESCE(sum(c.cost_usd), 0) FROM llm_calls c JOIN tasks t ON t.id = c.task_id
                WHERE t.import_id = ?::uuid""", BigDecimal.class, first);
        assertThat(cost).isPositive();
        assertThat(jdbc.queryForObject("SELECT count(*)::int FROM tasks WHERE import_id = ?::uuid AND user_id IS NOT NULL",
                Integer.class, first)).isZero();
        int documentsAfterFirst = documentRequests();
        assertThat(documentsAfterFirst).isEqualTo(8);

        // The next slot's prefill reads each company's submissions and skips every filing: the pool holds them.
        String second = await().atMost(Duration.ofSeconds(60)).until(() -> prefills().stream()
                .filter(id -> !id.equals(first) && "COMPLETED".equals(status(id))).findFirst().orElse(null),
                id -> id != null);
        JsonNode next = get("/api/v1/imports/" + second).json();
        assertThat(next.at("/filings/skipped").asInt()).as(next.toString()).isEqualTo(8);
        assertThat(next.at("/filings/total").asInt()).isEqualTo(8);
        assertThat(documentRequests()).as("no document fetched again").isEqualTo(documentsAfterFirst);
        // No further prefill from here on (this context stays cached for other tests), none left running.
        camel.getRouteController().stopRoute("start-demo-prefill");
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject("""
                SELECT count(*)::int FROM imports WHERE kind = 'DEMO_PREFILL' AND status IN ('RESOLVING', 'RUNNING')""",
                Integer.class) == 0);

        // A DEMO user asks for Alpha's latest 10-K and 10-Q: answered from the pool, SEC never asked.
        String demo = uniqueEmail();
        String demoId = get("/api/v1/me?email=" + demo).json().get("userId").asText();
        assertThat(admin("PUT", "/api/v1/admin/users/" + demoId + "/tier", "{\"tier\": \"DEMO\"}").status()).isEqualTo(200);
        int secBefore = EDGAR.requests("/(submissions|Archives)/.*").size();
        for (String form : List.of("10-K", "10-Q")) {
            Reply answer = postJson("""
                    {"email": "%s", "cik": "%d", "formType": "%s"}""".formatted(demo, ALPHA, form));
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json().get("status").asText()).isEqualTo("COMPLETED");
        }
        assertThat(EDGAR.requests("/(submissions|Archives)/.*")).as("no EDGAR call for a DEMO answer").hasSize(secBefore);
        // This context stays cached: it leaves resolving imports to the other import tests' context from here on.
        camel.getRouteController().stopRoute("resolve-imports");
    }

    private List<String> prefills() {
        return jdbc.queryForList("SELECT id::text FROM imports WHERE kind = 'DEMO_PREFILL' ORDER BY created_at",
                String.class);
    }

    private String status(String id) {
        return jdbc.queryForObject("SELECT status FROM imports WHERE id = ?::uuid", String.class, id);
    }

    private int documentRequests() {
        int n = 0;
        for (long cik : new long[] {ALPHA, BETA}) {
            for (Filing f : cik == ALPHA ? ALPHA_FILINGS : BETA_FILINGS) {
                n += EDGAR.requests(EdgarStub.archivesPath(cik, f.accession(), f.document())).size();
            }
        }
        return n;
    }
}
