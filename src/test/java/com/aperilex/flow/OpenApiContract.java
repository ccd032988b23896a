package com.aperilex.flow;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * The REST contract, enforced: every exchange a black-box test has with the service's API goes through
 * here and is checked against the OpenAPI document the service publishes
 * ({@code static/api/v1/openapi.json}) with Atlassian's swagger-request-validator: the request (path,
 * method, parameters, content type, body) and the response (status, content type, headers, body schema;
 * a property the document does not list is an error). Any finding fails the test at the call.
 *
 * <p>A request the contract forbids is allowed only when the service refuses it with a 4xx: the tests that
 * send malformed requests on purpose then have their response checked alone (the refusal must itself be
 * documented: 400/413/415 problem+json). A forbidden request the service accepts, or answers with 5xx,
 * fails: the document and the service disagree.
 *
 * <p>Only the API is the contract: paths outside {@code /api/}, and the OpenAPI document itself, are
 * sent unchecked (actuator endpoints, the stubs).
 */
public final class OpenApiContract {
    /** Where the document is served, and where it sits on the classpath under static/. */
    public static final String DOCUMENT_PATH = "/api/v1/openapi.json";
    private static final String API_PREFIX = "/api/";
    private static final String EVENT_STREAM = "text/event-stream";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final LevelResolver LEVELS = LevelResolver.create()
            .withDefaultLevel(ValidationReport.Level.ERROR).build();
    private static final String DOCUMENT = readDocument();
    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
            .createForInlineApiSpecification(DOCUMENT).withLevelResolver(LEVELS).withStrictOperationPathMatching().build();
    private static final OpenAPI MODEL = parse(DOCUMENT);
    private static final SchemaValidator SCHEMAS = new SchemaValidator(MODEL, new MessageResolver(LEVELS));

    private OpenApiContract() {
    }

    /** Sends the request, checks the exchange against the contract, and returns the response. */
    public static HttpResponse<String> send(HttpRequest request) {
        String requestBody = bodyOf(request);
        HttpResponse<String> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        check(request, requestBody, response.statusCode(), response.headers(), response.body());
        return response;
    }

    /**
     * Checks one finished exchange: the request (unless the service refused it with a 4xx) and the response.
     * {@code responseBody} null or empty means the response had none.
     */
    public static void check(HttpRequest request, String requestBody, int status, HttpHeaders headers, String responseBody) {
        if (!inContract(request.uri())) {
            return;
        }
        ValidationReport requestReport = VALIDATOR.validateRequest(toRequest(request, requestBody));
        ValidationReport responseReport = VALIDATOR.validateResponse(request.uri().getPath(), method(request),
                toResponse(status, headers, responseBody));
        boolean refused = status >= 400 && status < 500;
        StringBuilder findings = new StringBuilder();
        if (requestReport.hasErrors() && !refused) {
            findings.append("request the contract forbids, answered ").append(status).append(":\n")
                    .append(describe(requestReport));
        }
        if (responseReport.hasErrors()) {
            findings.append("response ").append(status).append(" outside the contract:\n").append(describe(responseReport));
        }
        fail(request, requestBody, status, responseBody, findings);
    }

    /**
     * Checks an event stream's head, as soon as it opens: the request, the status and the content type.
     * Its body is checked once read, by {@link #checkStreamBody}.
     */
    public static void checkStreamHead(HttpRequest request, int status, HttpHeaders headers) {
        if (!inContract(request.uri())) {
            return;
        }
        ValidationReport requestReport = VALIDATOR.validateRequest(toRequest(request, null));
        ValidationReport responseReport = withoutMissingBody(VALIDATOR.validateResponse(request.uri().getPath(),
                method(request), toResponse(status, headers, null)));
        StringBuilder findings = new StringBuilder();
        if (requestReport.hasErrors() && !(status >= 400 && status < 500)) {
            findings.append("request the contract forbids, answered ").append(status).append(":\n")
                    .append(describe(requestReport));
        }
        if (responseReport.hasErrors()) {
            findings.append("response ").append(status).append(" outside the contract:\n").append(describe(responseReport));
        }
        fail(request, null, status, null, findings);
    }

    /**
     * Checks what an event stream carried: on a 200 {@code text/event-stream}, each event's data against the
     * media type's schema; otherwise the whole body, as any response.
     */
    public static void checkStreamBody(HttpRequest request, int status, HttpHeaders headers, String body,
                                       List<String> eventData) {
        if (!inContract(request.uri())) {
            return;
        }
        String contentType = headers.firstValue("Content-Type").orElse("");
        if (!contentType.startsWith(EVENT_STREAM)) {
            check(request, null, status, headers, body);
            return;
        }
        Schema<?> schema = eventSchema(request.uri().getPath(), status);
        StringBuilder findings = new StringBuilder();
        for (String data : eventData) {
            ValidationReport report = SCHEMAS.validate(data, schema, "validation.response.body");
            if (report.hasErrors()) {
                findings.append("event outside the contract: ").append(data).append('\n').append(describe(report));
            }
        }
        fail(request, null, status, body, findings);
    }

    private static boolean inContract(URI uri) {
        String path = uri.getPath();
        return path.startsWith(API_PREFIX) && !path.equals(DOCUMENT_PATH);
    }

    private static void fail(HttpRequest request, String requestBody, int status, String responseBody,
                             CharSequence findings) {
        if (findings.length() > 0) {
            throw new AssertionError("OpenAPI contract (" + DOCUMENT_PATH + ") broken by " + request.method() + " "
                    + request.uri() + (requestBody == null || requestBody.isEmpty() ? "" : " " + abbreviate(requestBody))
                    + " -> " + status + (responseBody == null ? "" : " " + abbreviate(responseBody)) + "\n" + findings);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "...";
    }

    private static String describe(ValidationReport report) {
        StringBuilder out = new StringBuilder();
        for (ValidationReport.Message message : report.getMessages()) {
            if (message.getLevel() == ValidationReport.Level.ERROR) {
                out.append("  - ").append(message.getKey()).append(": ").append(message.getMessage());
                message.getAdditionalInfo().forEach(info -> out.append("\n      ").append(info));
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** An event stream's body is its events, not one document: a head has none to check yet. */
    private static ValidationReport withoutMissingBody(ValidationReport report) {
        return ValidationReport.from(report.getMessages().stream()
                .filter(m -> !m.getKey().equals("validation.response.body.missing")).toList());
    }

    private static Schema<?> eventSchema(String path, int status) {
        return MODEL.getPaths().entrySet().stream()
                .filter(e -> path.matches(e.getKey().replaceAll("\\{[^/]+}", "[^/]+")))
                .map(e -> e.getValue().getGet().getResponses().get(Integer.toString(status)))
                .filter(r -> r != null && r.getContent() != null && r.getContent().get(EVENT_STREAM) != null)
                .map(r -> (Schema<?>) r.getContent().get(EVENT_STREAM).getSchema())
                .findFirst()
                .orElseThrow(() -> new AssertionError("OpenAPI contract: no " + EVENT_STREAM + " response "
                        + status + " documented for GET " + path));
    }

    private static Request.Method method(HttpRequest request) {
        return Request.Method.valueOf(request.method());
    }

    private static Request toRequest(HttpRequest request, String body) {
        URI uri = request.uri();
        SimpleRequest.Builder builder = new SimpleRequest.Builder(request.method(), uri.getPath());
        request.headers().map().forEach(builder::withHeader);
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                builder.withQueryParam(name, value);
            }
        }
        if (body != null && !body.isEmpty()) {
            builder.withBody(body);
        }
        return builder.build();
    }

    private static SimpleResponse toResponse(int status, HttpHeaders headers, String body) {
        SimpleResponse.Builder builder = SimpleResponse.Builder.status(status);
        headers.map().forEach(builder::withHeader);
        if (body != null && !body.isEmpty()) {
            builder.withBody(body);
        }
        return builder.build();
    }

    /** The bytes a request's body publisher gives (java.net.http's own publishers replay them per subscriber). */
    private static String bodyOf(HttpRequest request) {
        if (request.bodyPublisher().isEmpty() || request.bodyPublisher().get().contentLength() == 0) {
            return null;
        }
        CompletableFuture<String> body = new CompletableFuture<>();
        request.bodyPublisher().get().subscribe(new Flow.Subscriber<ByteBuffer>() {
            private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.writeBytes(chunk);
            }

            @Override
            public void onError(Throwable error) {
                body.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                body.complete(bytes.toString(StandardCharsets.UTF_8));
            }
        });
        try {
            return body.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not read the request body to check it against the contract", e);
        }
    }

    private static String readDocument() {
        try (InputStream in = OpenApiContract.class.getResourceAsStream("/static" + DOCUMENT_PATH)) {
            if (in == null) {
                throw new IllegalStateException("static" + DOCUMENT_PATH + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OpenAPI parse(String document) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        var result = new OpenAPIV3Parser().readContents(document, null, options);
        if (result.getOpenAPI() == null || (result.getMessages() != null && !result.getMessages().isEmpty())) {
            throw new IllegalStateException("static" + DOCUMENT_PATH + " is not a valid OpenAPI 3.0 document: "
                    + result.getMessages());
        }
        return result.getOpenAPI();
    }
}
