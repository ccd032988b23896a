package com.aperilex.flow.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connector-level body cap on its own, in a bare Tomcat with no Spring and no filters: a servlet that
 * reads whatever it is sent never gets more than the limit, declared or chunked.
 */
class BodyLimitValveTest {
    private static final int LIMIT = 1024;
    private static final AtomicLong mostRead = new AtomicLong();
    private static Tomcat tomcat;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        Path base = Files.createTempDirectory("body-limit-valve");
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        Tomcat.addServlet(context, "reader", new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
                long read = 0;
                byte[] buffer = new byte[100];
                try {
                    for (int n; (n = request.getInputStream().read(buffer)) >= 0; ) {
                        read += n;
                        mostRead.accumulateAndGet(read, Math::max);
                    }
                } catch (BodyLimitValve.BodyTooLargeException e) {
                    response.setStatus(413);
                    response.getWriter().write("stopped after " + read);
                    return;
                }
                response.getWriter().write("read " + read);
            }
        });
        context.addServletMappingDecoded("/*", "reader");
        tomcat.getEngine().getPipeline().addValve(new BodyLimitValve(LIMIT));
        tomcat.start();
        port = connector.getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }

    @Test
    void aBodyWithinTheLimitIsReadWhole() {
        RawHttp.Response response = RawHttp.send(port, RawHttp.request("POST", "/any", Map.of(),
                "x".repeat(LIMIT).getBytes(StandardCharsets.UTF_8), true));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("read " + LIMIT);
    }

    @Test
    void aDeclaredOversizeBodyIsRefusedBeforeTheApplication() {
        mostRead.set(0);
        RawHttp.Response response = RawHttp.send(port, RawHttp.request("POST", "/any", Map.of(),
                "x".repeat(LIMIT + 1).getBytes(StandardCharsets.UTF_8), true));
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("type").asText()).endsWith("/payload-too-large");
        assertThat(mostRead.get()).isZero();
    }

    @Test
    void aDeclaredOversizeBodyThatNeverArrivesDoesNotHoldTheConnection() {
        long start = System.nanoTime();
        RawHttp.Response response = RawHttp.send(port, ("POST /any HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n"
                + "\r\n{}").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.header("Connection")).isEqualTo("close");
        // Closed at once, not after draining (or waiting for) the 10 MB the client announced.
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(10));
    }

    @Test
    void aChunkedBodyIsCutAtTheLimit() {
        mostRead.set(0);
        String chunk = "x".repeat(10 * LIMIT);
        byte[] body = (Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        RawHttp.Response response = RawHttp.send(port, RawHttp.request("POST", "/any",
                Map.of("Transfer-Encoding", "chunked"), body, false));
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.text()).startsWith("stopped after ");
        assertThat(mostRead.get()).isLessThanOrEqualTo(LIMIT);
    }

    @Test
    void anUnreadableContentLengthIs400() {
        RawHttp.Response response = RawHttp.send(port, ("POST /any HTTP/1.1\r\nHost: x\r\nContent-Length: 12x\r\n"
                + "Connection: close\r\n\r\n{}").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("type").asText()).endsWith("/bad-request");
    }
}
