package com.aperilex.flow.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A real S3-compatible server (s3proxy, in-memory store) in a child process on 127.0.0.1, checking
 * AWS signatures against {@link #ACCESS_KEY}/{@link #SECRET_KEY}. The build copies its jar to
 * target/test-servers (see the service pom); one per test JVM.
 */
public final class S3ProxyServer {
    public static final String ACCESS_KEY = "aperilex-test-access";
    public static final String SECRET_KEY = "aperilex-test-secret-key";
    private static S3ProxyServer shared;

    private final int port;
    private final Process process;

    private S3ProxyServer() {
        Path jar = Path.of(System.getProperty("aperilex.test.s3proxy-jar", "target/test-servers/s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("s3proxy jar missing at " + jar + ": run the tests through Maven");
        }
        port = FreePorts.loopback();
        try {
            Path dir = Files.createDirectories(Path.of("target", "test-servers", "s3proxy-" + UUID.randomUUID()));
            Path config = dir.resolve("s3proxy.properties");
            Files.writeString(config, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=transient-nio2",
                    "jclouds.identity=" + ACCESS_KEY,
                    "jclouds.credential=" + SECRET_KEY, ""));
            process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-jar", jar.toAbsolutePath().toString(), "--properties", config.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("server.out").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start s3proxy", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        awaitPort(Duration.ofSeconds(60));
    }

    public static synchronized S3ProxyServer shared() {
        if (shared == null) {
            shared = new S3ProxyServer();
        }
        return shared;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private void awaitPort(Duration atMost) {
        Instant deadline = Instant.now().plus(atMost);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited with " + process.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException("s3proxy did not listen on port " + port + " within " + atMost);
    }
}
