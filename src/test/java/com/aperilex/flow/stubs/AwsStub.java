package com.aperilex.flow.stubs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.util.Map;

/**
 * The AWS APIs tests cannot reach, on 127.0.0.1 in their real wire formats: the Bedrock runtime's
 * Converse API (REST-JSON, POST /model/{modelId}/converse), and Secrets Manager's GetSecretValue and
 * Parameter Store's GetParametersByPath (AWS JSON 1.1, told apart by X-Amz-Target).
 */
public final class AwsStub {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;

    public AwsStub() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
    }

    public WireMockServer server() {
        return server;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public void stop() {
        server.stop();
    }

    /**
     * Converse answers the forced tool as Bedrock does: the assistant message's one {@code toolUse} block
     * carries {@code json} (a JSON object's text) as its input, {@code stopReason} is {@code tool_use}, with
     * usage as Bedrock reports it.
     */
    public void converseAnswers(String json) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("metrics").put("latencyMs", 1412);
        ObjectNode message = body.putObject("output").putObject("message");
        message.put("role", "assistant");
        ObjectNode toolUse = message.putArray("content").addObject().putObject("toolUse");
        toolUse.put("toolUseId", "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q").put("name", "narrative");
        try {
            toolUse.set("input", JSON.readTree(json));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
        body.put("stopReason", "tool_use");
        body.putObject("usage").put("inputTokens", 1790).put("outputTokens", 230).put("totalTokens", 2020);
        server.stubFor(post(urlPathMatching("/model/.+/converse")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-RequestId", "5d6e7f80-1a2b-4c3d-9e8f-0a1b2c3d4e5f")
                .withBody(body.toString())));
    }

    /** GetSecretValue for {@code name} answers {@code value}. */
    public void secret(String name, String value) {
        ObjectNode body = JSON.createObjectNode();
        body.put("ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + name + "-AbCdEf");
        body.put("CreatedDate", 1.7322336E9);
        body.put("Name", name);
        body.put("SecretString", value);
        body.put("VersionId", "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111");
        body.putArray("VersionStages").add("AWSCURRENT");
        server.stubFor(post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                .withRequestBody(matchingJsonPath("$.SecretId", equalTo(name)))
                .willReturn(json(body.toString())));
    }

    /** GetParametersByPath answers these parameters (name to value), all of type String. */
    public void parameters(Map<String, String> parameters) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("Parameters");
        parameters.forEach((name, value) -> list.addObject()
                .put("Name", name).put("Type", "String").put("Value", value).put("Version", 1)
                .put("LastModifiedDate", 1.7322336E9).put("DataType", "text")
                .put("ARN", "arn:aws:ssm:us-east-1:123456789012:parameter" + name));
        server.stubFor(post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParametersByPath"))
                .willReturn(json(body.toString())));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                .withHeader("x-amzn-RequestId", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0").withBody(body);
    }
}
