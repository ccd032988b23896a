package com.aperilex.flow.stubs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/**
 * An OpenAI-compatible chat-completions API on 127.0.0.1, answering in the wire format OpenAI records
 * ({@code chat.completion} with choices, message content and usage). One per JVM.
 */
public final class LlmStub {
    public static final String MODEL = "gpt-4o-mini";
    public static final String API_KEY = "sk-test-aperilex";
    public static final String NARRATIVE = """
            {"summary": "The company sells devices and services; net sales grew 2% in fiscal 2024.",
             "keyRisks": [{"title": "Supply chain concentration", "severity": "high",
                           "description": "Manufacturing depends on outsourcing partners outside the U.S."},
                          {"title": "Competition", "severity": "medium",
                           "description": "Aggressive price competition and rapid technological change."}],
             "mdaHighlights": ["Services growth offset lower phone sales in Greater China.",
                               "Gross margin percentage increased."],
             "outlook": "Cash and operating cash flow are expected to cover the next 12 months."}""";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LlmStub shared;

    private final WireMockServer server;

    private LlmStub() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        answerWith(NARRATIVE);
    }

    public static synchronized LlmStub shared() {
        if (shared == null) {
            shared = new LlmStub();
        }
        return shared;
    }

    public WireMockServer server() {
        return server;
    }

    /** The base URL as OpenAI clients take it, ending in /v1. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/v1";
    }

    public void answerWith(String content) {
        server.stubFor(chat().willReturn(completion(content)));
    }

    public static MappingBuilder chat() {
        return post(urlEqualTo("/v1/chat/completions"));
    }

    /** A 200 chat.completion whose message content is {@code content}, with usage as OpenAI reports it. */
    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder completion(String content) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", "chatcmpl-AZ3fixture").put("object", "chat.completion").put("created", 1732233600)
                .put("model", MODEL + "-2024-07-18");
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content).putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        body.putObject("usage").put("prompt_tokens", 1834).put("completion_tokens", 212).put("total_tokens", 2046);
        body.put("system_fingerprint", "fp_0ba0d124f1");
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body.toString());
    }
}
