package com.aperilex.flow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.pipeline.PipelineTestSupport;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import com.aperilex.flow.servers.TestIdentityProvider;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * CORS in a real browser: headless Chromium loads a page from http://localhost:P1 (an allowed origin) that POSTs
 * to the service on http://127.0.0.1:P2 (another origin), follows the task with EventSource to COMPLETED and
 * writes the analysis id into the page; the test reads it from the dumped DOM. The same page from a port not in
 * aperilex.api.cors.allowed-origins gets a failed fetch and creates no task. Auth mode jwt, as in production: the
 * page sends a bearer token of an in-process OIDC provider, and its EventSource follows the 202's eventsUrl with
 * the stream token it carries (EventSource sends no Authorization header).
 */
@DirtiesContext
@TestPropertySource(properties = "aperilex.llm.provider=none")
class CorsBrowserTest extends PipelineTestSupport {
    private static final int ALLOWED_PORT = freePort();
    private static final List<HttpServer> PAGES = new ArrayList<>();
    private static final TestIdentityProvider IDP = new TestIdentityProvider();

    @DynamicPropertySource
    static void cors(DynamicPropertyRegistry registry) {
        registry.add("aperilex.api.cors.allowed-origins", () -> "http://localhost:" + ALLOWED_PORT);
        registry.add("aperilex.auth.mode", () -> "jwt");
        registry.add("aperilex.auth.issuer-uri", IDP::issuer);
        registry.add("aperilex.auth.audience", () -> TestIdentityProvider.AUDIENCE);
    }

    @BeforeAll
    static void servePages() throws IOException {
        PAGES.add(page(ALLOWED_PORT));
        PAGES.add(page(0));
    }

    @AfterAll
    static void stopPages() {
        PAGES.forEach(server -> server.stop(0));
        IDP.close();
    }

    @Test
    void aPageOnAnAllowedOriginSubmitsFollowsTheTaskAndShowsTheAnalysis() throws Exception {
        long cik = 1003001;
        serveCompany(cik, "Browser Corp", "0001003001-24-000001", "browser-10k.htm");
        String email = uniqueEmail();

        String dom = chromium(pageUrl(ALLOWED_PORT, email, cik));

        Matcher completed = Pattern.compile("completed ([0-9a-f-]{36}) location (/api/v1/tasks/[0-9a-f-]{36})")
                .matcher(result(dom));
        assertThat(completed.find()).as(dom).isTrue();
        String analysisId = completed.group(1);
        String taskId = completed.group(2).substring("/api/v1/tasks/".length());
        // What the page shows is the database's own record of that task.
        assertThat(jdbc.queryForObject("SELECT analysis_id::text FROM tasks WHERE id = ?::uuid AND email = ?",
                String.class, taskId, email)).isEqualTo(analysisId);
        assertThat(jdbc.queryForObject("SELECT status FROM tasks WHERE id = ?::uuid", String.class, taskId))
                .isEqualTo("COMPLETED");
    }

    @Test
    void theSamePageOnAnotherOriginCannotCallTheApi() throws Exception {
        int otherPort = PAGES.get(1).getAddress().getPort();
        String email = uniqueEmail();

        String dom = chromium(pageUrl(otherPort, email, 1003002));

        assertThat(result(dom)).as(dom).isEqualTo("fetch-failed TypeError");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM tasks WHERE email = ?", Long.class, email)).isZero();
        // The preflight was answered at once, refused, and never reached a route.
        HttpResponse<String> preflight = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/api/v1/analyses"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:" + otherPort)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(403);
        assertThat(preflight.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(preflight.body()).contains("forbidden");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void anAllowedPreflightIsAnsweredWithoutAuthenticationAndCached() throws Exception {
        HttpResponse<String> preflight = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/api/v1/analyses"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:" + ALLOWED_PORT)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isIn(200, 204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains("http://localhost:" + ALLOWED_PORT);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse(""))
                .contains("GET", "POST", "DELETE", "OPTIONS");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
                .contains("authorization", "content-type");
        assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).contains("3600");
    }

    /** The text the page's script wrote into its result element. */
    private static String result(String dom) {
        Matcher result = Pattern.compile("<p id=\"result\">([^<]*)</p>").matcher(dom);
        assertThat(result.find()).as("no result element in " + dom).isTrue();
        return result.group(1).strip();
    }

    /** The page, with a bearer token of a user whose verified email is {@code email}. */
    private String pageUrl(int port, String email, long cik) {
        return "http://localhost:" + port + "/analysis.html?api=" + enc("http://127.0.0.1:" + this.port)
                + "&email=" + enc(email) + "&cik=" + cik + "&token=" + enc(IDP.tokenFor("browser-" + email, email));
    }

    /** Chromium's DOM of the page after its scripts ran. Absent chromium is a failure, not a skip. */
    private static String chromium(String url) throws Exception {
        Path binary = Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser").map(Path::of)
                .filter(Files::isExecutable).findFirst().orElseThrow(() -> new AssertionError(
                        "Debian's chromium is not installed: run .ci/run (it installs it) or apt-get install chromium"));
        Path profile = Files.createTempDirectory("chromium-profile");
        Process process = new ProcessBuilder(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + profile, "--virtual-time-budget=30000", "--dump-dom", url)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom;
        try (InputStream out = process.getInputStream()) {
            dom = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish; DOM so far: " + dom);
        }
        return dom;
    }

    private static HttpServer page(int port) throws IOException {
        byte[] html;
        try (InputStream in = CorsBrowserTest.class.getResourceAsStream("/browser/analysis.html")) {
            html = in.readAllBytes();
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
        server.createContext("/analysis.html", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, html.length);
            exchange.getResponseBody().write(html);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
