package com.aperilex.flow.events;

import com.aperilex.flow.OpenApiContract;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Server-Sent Events client over java.net.http: reads the stream line by line as it arrives. The
 * exchange is checked against the OpenAPI document ({@link OpenApiContract}): request, status and content
 * type as the stream opens; each event's data (or a refusal's problem body) once the stream ends or the
 * client closes it.
 */
final class SseClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Event(long id, JsonNode data) {
    }

    final int status;
    final String contentType;
    final List<Event> events = new CopyOnWriteArrayList<>();
    final List<String> comments = new CopyOnWriteArrayList<>();
    private final List<String> eventData = new CopyOnWriteArrayList<>();
    final StringBuilder body = new StringBuilder();
    private final CompletableFuture<Void> ended;
    private final HttpRequest request;
    private final HttpResponse<Stream<String>> response;

    private SseClient(HttpRequest request, HttpResponse<Stream<String>> response) {
        this.request = request;
        this.response = response;
        this.status = response.statusCode();
        this.contentType = response.headers().firstValue("Content-Type").orElse("");
        this.ended = CompletableFuture.runAsync(this::read);
    }

    static SseClient open(URI uri, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpRequest built = request.build();
        try {
            HttpResponse<Stream<String>> response = HTTP.send(built, HttpResponse.BodyHandlers.ofLines());
            OpenApiContract.checkStreamHead(built, response.statusCode(), response.headers());
            return new SseClient(built, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        long id = -1;
        StringBuilder data = new StringBuilder();
        for (String line : (Iterable<String>) response.body()::iterator) {
            synchronized (body) {
                body.append(line).append('\n');
            }
            if (line.isEmpty()) {
                if (data.length() > 0) {
                    eventData.add(data.toString());
                    try {
                        events.add(new Event(id, JSON.readTree(data.toString())));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    data.setLength(0);
                }
            } else if (line.startsWith(":")) {
                comments.add(line.substring(1).strip());
            } else if (line.startsWith("id:")) {
                id = Long.parseLong(line.substring(3).strip());
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).strip());
            }
        }
    }

    /** Waits until the server ends the stream. */
    SseClient awaitEnd(Duration atMost) {
        try {
            ended.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the stream did not end within " + atMost + "; got " + events, e);
        }
        checkBody();
        return this;
    }

    /** Drops the connection, as a client going away does. */
    void close() {
        response.body().close();
        checkBody();
    }

    private void checkBody() {
        String text;
        synchronized (body) {
            text = body.toString();
        }
        OpenApiContract.checkStreamBody(request, status, response.headers(), text, List.copyOf(eventData));
    }

    List<String> statuses() {
        return events.stream().map(e -> e.data().get("status").asText()).toList();
    }
}
