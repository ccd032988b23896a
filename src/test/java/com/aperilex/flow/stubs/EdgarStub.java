package com.aperilex.flow.stubs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * SEC EDGAR as the tests see it: a WireMock server on 127.0.0.1 answering www.sec.gov and
 * data.sec.gov paths with real recorded files (company_tickers.json, submissions JSON and its overflow
 * page, SEC's 403 block page) and the project's fixture 10-K for documents. One per JVM.
 */
public final class EdgarStub {
    public static final String USER_AGENT = "Aperilex Flow Tests flow-tests@aperilex.com";
    private static EdgarStub shared;

    private final WireMockServer server;

    private EdgarStub() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(32));
        server.start();
        stubDefaults();
    }

    public static synchronized EdgarStub shared() {
        if (shared == null) {
            shared = new EdgarStub();
        }
        return shared;
    }

    /** A stub of its own, for tests that make EDGAR misbehave. */
    public static EdgarStub dedicated() {
        return new EdgarStub();
    }

    public WireMockServer server() {
        return server;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The fixture 10-K with the registrant's name filled in. */
    public static String fixtureDocument(String companyName) {
        return resource("documents/fixture-10k.htm").replace("COMPANY_NAME", companyName);
    }

    public static String resource(String name) {
        try (InputStream in = EdgarStub.class.getResourceAsStream("/edgar/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource edgar/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves a document at its Archives path. */
    public void document(long cik, String accession, String fileName, String body) {
        server.stubFor(get(urlEqualTo(archivesPath(cik, accession, fileName)))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody(body)));
    }

    public static String archivesPath(long cik, String accession, String fileName) {
        return "/Archives/edgar/data/" + cik + "/" + accession.replace("-", "") + "/" + fileName;
    }

    public void submissions(long cik, String json) {
        server.stubFor(get(urlEqualTo("/submissions/CIK%010d.json".formatted(cik)))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(json)));
    }

    /** Requests the stub received for paths matching the regex, oldest first. */
    public List<ServeEvent> requests(String pathRegex) {
        return server.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().matches(pathRegex))
                .sorted((a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate()))
                .toList();
    }

    private void stubDefaults() {
        server.stubFor(get(urlEqualTo("/files/company_tickers.json")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(resource("company_tickers.json"))));
        server.stubFor(get(urlPathMatching("/submissions/CIK[0-9]{10}(-submissions-[0-9]{3})?\\.json"))
                .atPriority(10)
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/xml")
                        .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code></Error>")));
        server.stubFor(get(urlEqualTo("/submissions/CIK0000320193.json")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(resource("submissions/CIK0000320193.json"))));
        server.stubFor(get(urlEqualTo("/submissions/CIK0000320193-submissions-001.json")).willReturn(
                aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(resource("submissions/CIK0000320193-submissions-001.json"))));
        server.stubFor(get(urlEqualTo("/submissions/CIK0001318605.json")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(resource("submissions/CIK0001318605.json"))));
        server.stubFor(get(urlPathMatching("/Archives/edgar/data/.*")).atPriority(10)
                .willReturn(aResponse().withStatus(404).withBody("Not Found")));
        document(320193, "0000320193-22-000108", "aapl-20220924.htm", fixtureDocument("Apple Inc."));
        document(1318605, "0000950170-22-000796", "tsla-20211231.htm", fixtureDocument("Tesla, Inc."));
    }
}
