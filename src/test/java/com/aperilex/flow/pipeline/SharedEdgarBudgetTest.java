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
        List<String> common = List.of(
                "aperilex.edgar.www-url=" + edgar.baseUrl(),
                "aperilex.edgar.data-url=" + edgar.baseUrl(),
                "aperilex.edgar.max-requests-per-second=" + LIMIT,
                "aperilex.llm.provider=none",
                "aperilex.worker.retry.initial-backoff=200ms",
                // Four tasks at once on each worker (lane consumers and worker slots).
                "aperilex.queue.consumers=4");
        first = ServiceReplica.withProfiles("dev").properties(common).properties(
                "aperilex.dev.postgres-data-directory=target/test-data/" + RUN + "/postgres",
                "aperilex.storage.local-directory=target/test-data/" + RUN + "/storage-first").start();

        // The same queue endpoints as the first, consumer settings included.
        second = ServiceReplica.withProfiles("second-worker").properties(common).properties(ServiceReplica.WITHOUT_TOKENS)
                .sharingDevServersOf(first).properties(
                "aperilex.storage.local-directory=target/test-data/" + RUN + "/storage-second").start();
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
                "SELECT count(*) FROM tasks WHERE status = 'COMPLETED'", Integer.class) == TASKS);

        List<Long> times = edgar.requests("/(submissions|Archives)/.*").stream()
                .map(e -> e.getRequest().getLoggedDate().getTime()).sorted().toList();
        assertThat(times).hasSize(2 * TASKS);
        // The backlog lasts until the last task starts (its submissions read): after that only the last documents
        // remain and fewer workers wait for the budget than it has slots, so the tail says nothing of its use.
        long lastStart = edgar.requests("/submissions/.*").stream()
                .mapToLong(e -> e.getRequest().getLoggedDate().getTime()).max().orElseThrow();
        List<Long> backlog = times.stream().filter(t -> t <= lastStart).toList();
        int busiest = 0;
        for (int i = 0; i < times.size(); i++) {
            int j = i;
            while (j < times.size() && times.get(j) < times.get(i) + 1000) {
                j++;
            }
            busiest = Math.max(busiest, j - i);
        }
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
