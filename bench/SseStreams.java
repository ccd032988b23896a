// Holds N concurrent event streams on one replica and measures what they cost and how fast events arrive.
// Run by bench/sse-streams.sh: java bench/SseStreams.java <base-url> <streams> <seconds>
// Submits N tasks (one per stream), opens GET /api/v1/tasks/{id}/events for each, and for every event
// received records now - at (the transition's commit time as the database recorded it): the path from
// commit through NOTIFY, this replica's listener, the database read and the write to the client.

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class SseStreams {
    private static final Pattern TASK_ID = Pattern.compile("\"taskId\":\"([0-9a-f-]{36})\"");
    private static final Pattern AT = Pattern.compile("\"at\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int streams = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        HttpClient http = HttpClient.newBuilder().build();
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            String body = "{\"email\":\"sse-" + i + "-" + System.nanoTime() + "@aperilex.com\",\"ticker\":\"AAPL\"}";
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/analyses"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = TASK_ID.matcher(reply.body());
            if (reply.statusCode() != 202 || !m.find()) {
                throw new IllegalStateException("submit " + i + ": " + reply.statusCode() + " " + reply.body());
            }
            tasks.add(m.group(1));
        }
        ConcurrentLinkedQueue<Long> latenciesMs = new ConcurrentLinkedQueue<>();
        AtomicInteger open = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger heartbeats = new AtomicInteger();
        long opening = System.nanoTime();
        for (String task : tasks) {
            http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/v1/tasks/" + task + "/events"))
                            .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines())
                    .thenAccept(response -> {
                        if (response.statusCode() != 200) {
                            refused.incrementAndGet();
                            return;
                        }
                        open.incrementAndGet();
                        response.body().forEach(line -> {
                            if (line.startsWith(":")) {
                                heartbeats.incrementAndGet();
                            } else if (line.startsWith("data:")) {
                                Matcher at = AT.matcher(line);
                                if (at.find()) {
                                    latenciesMs.add(Instant.now().toEpochMilli() - Instant.parse(at.group(1)).toEpochMilli());
                                }
                            }
                        });
                        open.decrementAndGet();
                    });
        }
        while (open.get() + refused.get() < streams && System.nanoTime() - opening < 60_000_000_000L) {
            Thread.sleep(50);
        }
        System.out.printf("streams open: %d of %d (refused %d) after %d ms%n", open.get(), streams, refused.get(),
                (System.nanoTime() - opening) / 1_000_000);
        int firstEvents = latenciesMs.size();
        latenciesMs.clear();
        System.out.println("READY");   // the script samples the service's memory now
        Thread.sleep(seconds * 1000L);
        List<Long> sorted = new ArrayList<>(latenciesMs);
        Collections.sort(sorted);
        System.out.printf("initial events (current status on open): %d%n", firstEvents);
        System.out.printf("live events in %d s: %d; heartbeats: %d; streams still open: %d%n", seconds, sorted.size(),
                heartbeats.get(), open.get());
        if (!sorted.isEmpty()) {
            System.out.printf("event latency, commit to client: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms%n",
                    pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted.get(sorted.size() - 1));
        }
        System.exit(0);
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
