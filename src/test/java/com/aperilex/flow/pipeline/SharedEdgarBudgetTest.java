package com.aperilex.flow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aperilex.flow.OpenApiContract;
import com.aperilex.flow.servers.ServiceReplica;
import com.aperilex.flow.stubs.EdgarStub;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One SEC budget for every worker process: two worker contexts sharing one database and one queue work
 * through a backlog against one EDGAR stub. No 1-second window holds more requests than
 * max-requests-per-second, and while a backlog waits the pair uses at least 90% of it.
 */
class SharedEdgarBudgetTest {
    private static final int LIMIT = 8;
    private static final int TASKS = 48;
    private static final int IMPORTED = 32;
    private static final int WARM_UP = 16;
    private static final String RUN = UUID.randomUUID().toString();
    private static EdgarStub edgar;
    private static ServiceReplica first;
    private static ServiceReplica second;

    @BeforeAll
    static void startTwoWorkers() {
        edgar = EdgarStub.dedicated();
        for (int i = 0; i < TASKS; i++) {
            long cik = 2_000_000 + i;
            String accession = "000%07d-24-000001".formatted(cik);
            edgar.submissions(cik, PipelineTestSupport.submissions(cik, "Backlog Corp " + i, accession, "b-10k.htm"));
            edgar.document(cik, accession, "b-10k.htm", EdgarStub.fixtureDocument("Backlog Corp " + i));
        }
        for (int i = 0; i < IMPORTED; i++) {
            long cik = 2_000_100 + i;
            String accession = "000%07d-24-000001".formatted(cik);
            edgar.submissions(cik, PipelineTestSupport.submissions(cik, "Imported Corp " + i, accession, "i-10k.htm"));
            edgar.document(cik, accession, "i-10k.htm", EdgarStub.fixtureDocument("Imported Corp " + i));
        }
        List<String> common = List.of(
                "aperilex.edgar.www-url=" + edgar.baseUrl(),
                "aperilex.edgar.data-url=" + edgar.baseUrl(),
                "aperilex.edgar.max-requests-per-second=" + LIMIT,
                "aperilex.llm.provider=none",
                "aperilex.worker.retry.initial-backoff=200ms",
                // Four tasks at once on each worker (lane consumers and worker slots).
                "aperilex.queue.consumers=4",
                // Both replicas resolve imports (bulkImportsShareTheBudgetToo).
                "aperilex.imports.resolution-enabled=true");
        first = ServiceReplica.withProfiles("dev").properties(common).properties(
                "aperilex.dev.postgres-data-directory=target/test-data/" + RUN + "/postgres",
                "aperilex.storage.local-directory=target/test-data/" + RUN + "/storage-first").start();

        // The same queue endpoints as the first, consumer settings included.
        second = ServiceReplica.withProfiles("second-worker").properties(common).properties(ServiceReplica.WITHOUT_TOKENS)
                .sharingDevServersOf(first).properties(
                "aperilex.storage.local-directory=target/test-data/" + RUN + "/storage-second").start();
        warmUp();
    }

    /**
     * A few tasks through both workers before anything is measured, for companies the measurements leave out: the
     * budget's use is a steady state, not the first seconds of two JVM-cold contexts compiling their code paths.
     */
    private static void warmUp() {
        for (int i = 0; i < WARM_UP; i++) {
            long cik = 2_000_200 + i;
            String accession = "000%07d-24-000001".formatted(cik);
            edgar.submissions(cik, PipelineTestSupport.submissions(cik, "Warm Corp " + i, accession, "w-10k.htm"));
            edgar.document(cik, accession, "w-10k.htm", EdgarStub.fixtureDocument("Warm Corp " + i));
            HttpResponse<String> reply = OpenApiContract.send(HttpRequest.newBuilder(first.uri("/api/v1/analyses"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"email": "budget-warm-%d@aperilex.com", "cik": "%d"}""".formatted(i, cik)))
                    .build());
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(202);
        }
        JdbcTemplate jdbc = first.bean(JdbcTemplate.class);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM tasks WHERE status = 'COMPLETED' AND cik >= 2000200", Integer.class) == WARM_UP);
    }

    @AfterAll
    static void stop() {
        ServiceReplica.closeAll(second, first);
        if (edgar != null) {
            edgar.server().stop();
        }
    }

    @Test
    void twoWorkersShareOneBudgetAndUseIt() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        // Warm the stub's own request handling, so its first timestamps measure arrivals, not its start-up.
        for (int i = 0; i < 50; i++) {
            http.send(HttpRequest.newBuilder(URI.create(edgar.baseUrl() + "/warm-up")).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        for (int i = 0; i < TASKS; i++) {
            HttpResponse<String> reply = OpenApiContract.send(HttpRequest.newBuilder(first.uri("/api/v1/analyses"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"email": "budget-%d@aperilex.com", "cik": "%d"}""".formatted(i, 2_000_000 + i)))
                    .build());
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(202);
        }
        JdbcTemplate jdbc = first.bean(JdbcTemplate.class);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM tasks WHERE status = 'COMPLETED' AND cik < 2000100", Integer.class) == TASKS);

        List<Long> times = edgar.requests("/(submissions/CIK00020000[0-4][0-9]|Archives/edgar/data/20000[0-4][0-9]/).*").stream()
                .map(e -> e.getRequest().getLoggedDate().getTime()).sorted().toList();
        assertThat(times).hasSize(2 * TASKS);
        // The backlog lasts until the last task starts (its submissions read): after that only the last documents
        // remain and fewer workers wait for the budget than it has slots, so the tail says nothing of its use.
        long lastStart = edgar.requests("/submissions/CIK00020000[0-4][0-9].*").stream()
                .mapToLong(e -> e.getRequest().getLoggedDate().getTime()).max().orElseThrow();
        List<Long> backlog = times.stream().filter(t -> t <= lastStart).toList();
        int busiest = busiest(times);
        StringBuilder tight = new StringBuilder();
        for (int i = 1; i < times.size(); i++) {
            long gap = times.get(i) - times.get(i - 1);
            if (gap < 100) {
                tight.append('#').append(i).append(':').append(gap).append(' ');
            }
        }
        System.out.println("gaps under 100 ms: " + tight);
        double seconds = (times.get(times.size() - 1) - times.get(0)) / 1000.0;
        double backlogSeconds = (backlog.get(backlog.size() - 1) - backlog.get(0)) / 1000.0;
        double rate = (backlog.size() - 1) / backlogSeconds;
        System.out.printf("shared EDGAR budget: %d requests in %.2f s = %.2f req/s overall; under the backlog %d in %.2f s"
                        + " = %.2f req/s; busiest 1-s window %d (limit %d)%n", times.size(), seconds,
                (times.size() - 1) / seconds, backlog.size(), backlogSeconds, rate, busiest, LIMIT);
        assertThat(busiest).as("requests in the busiest 1-second window").isLessThanOrEqualTo(LIMIT);
        assertThat(rate).as("requests per second under a backlog").isGreaterThanOrEqualTo(0.9 * LIMIT);
        // Both workers took part.
        assertThat(storedFilings("storage-first")).isPositive();
        assertThat(storedFilings("storage-second")).isPositive();
    }

    /**
     * The same for bulk work: an import's resolution and its bulk-lane tasks take their slots the bulk way (only
     * with at most one reserved ahead, asking again every half spacing), on both replicas; the budget holds and stays
     * used while the import's companies are being resolved.
     */
    @Test
    void bulkImportsShareTheBudgetToo() throws Exception {
        StringBuilder ciks = new StringBuilder();
        for (int i = 0; i < IMPORTED; i++) {
            ciks.append(i == 0 ? "" : ", ").append(2_000_100 + i);
        }
        HttpResponse<String> reply = OpenApiContract.send(HttpRequest.newBuilder(first.uri("/api/v1/imports"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"email": "budget-importer@aperilex.com", "ciks": [%s], "formTypes": ["10-K"],
                         "from": "2024-01-01", "to": "2024-12-31"}""".formatted(ciks)))
                .build());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(202);
        JdbcTemplate jdbc = first.bean(JdbcTemplate.class);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM tasks WHERE import_id IS NOT NULL AND status = 'COMPLETED' AND cik >= 2000100",
                Integer.class) == IMPORTED);

        List<Long> times = edgar.requests("/(submissions/CIK00020001[0-3][0-9]|Archives/edgar/data/20001[0-3][0-9]/).*").stream()
                .map(e -> e.getRequest().getLoggedDate().getTime()).sorted().toList();
        assertThat(times).as("one submissions read and one document a company").hasSize(2 * IMPORTED);
        long lastStart = edgar.requests("/submissions/CIK00020001[0-3][0-9].*").stream()
                .mapToLong(e -> e.getRequest().getLoggedDate().getTime()).max().orElseThrow();
        List<Long> backlog = times.stream().filter(t -> t <= lastStart).toList();
        int busiest = busiest(times);
        double rate = (backlog.size() - 1) / ((backlog.get(backlog.size() - 1) - backlog.get(0)) / 1000.0);
        System.out.printf("shared EDGAR budget, bulk import: %d requests; while companies were resolved %d at %.2f req/s;"
                + " busiest 1-s window %d (limit %d)%n", times.size(), backlog.size(), rate, busiest, LIMIT);
        assertThat(busiest).as("requests in the busiest 1-second window").isLessThanOrEqualTo(LIMIT);
        assertThat(rate).as("requests per second while the import resolves").isGreaterThanOrEqualTo(0.9 * LIMIT);
    }

    private static int busiest(List<Long> times) {
        int busiest = 0;
        for (int i = 0; i < times.size(); i++) {
            int j = i;
            while (j < times.size() && times.get(j) < times.get(i) + 1000) {
                j++;
            }
            busiest = Math.max(busiest, j - i);
        }
        return busiest;
    }

    private static long storedFilings(String folder) throws IOException {
        Path root = Path.of("target/test-data", RUN, folder, "filings");
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().equals("b-10k.htm")).count();
        }
    }

}
