package com.aperilex.flow.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkNumber;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SpecificToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;

/**
 * A model on Amazon Bedrock through the SDK's {@link BedrockRuntimeClient#converse}, which speaks one message
 * format for every model family (Nova, Claude, Llama, ...). Structured output is one tool whose
 * {@code inputSchema} is the narrative's schema, forced by {@code toolChoice}; the answer is that
 * {@code toolUse} block's input, serialised to JSON text (a text block is taken when a model answers without
 * the tool). The Bedrock runtime client carries the call's time limit.
 */
public final class BedrockConverseClient implements LlmClient {
    private static final String TOOL_DESCRIPTION =
            "Record the narrative analysis of the filing. Always answer by calling this tool.";

    private final BedrockRuntimeClient bedrock;
    private final String model;
    private final float temperature;

    public BedrockConverseClient(BedrockRuntimeClient bedrock, String model, double temperature) {
        this.bedrock = bedrock;
        this.model = model;
        this.temperature = (float) temperature;
    }

    @Override
    public String provider() {
        return "bedrock";
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public LlmCompletion complete(LlmPrompt prompt) {
        List<SystemContentBlock> system = new ArrayList<>();
        List<Message> messages = new ArrayList<>();
        for (LlmPrompt.Message m : prompt.messages()) {
            switch (m.role()) {
                case SYSTEM -> system.add(SystemContentBlock.builder().text(m.content()).build());
                case USER -> messages.add(message(ConversationRole.USER, m.content()));
                case ASSISTANT -> messages.add(message(ConversationRole.ASSISTANT, m.content()));
            }
        }
        ConverseRequest request = ConverseRequest.builder().modelId(model).system(system).messages(messages)
                .inferenceConfig(InferenceConfiguration.builder()
                        .maxTokens(prompt.maxOutputTokens()).temperature(temperature).build())
                .toolConfig(tools(prompt)).build();
        long started = System.nanoTime();
        ConverseResponse response;
        try {
            response = bedrock.converse(request);
        } catch (RuntimeException e) {
            throw failure(e);
        }
        long latencyMs = (System.nanoTime() - started) / 1_000_000;
        String answer = answer(response);
        TokenUsage usage = response.usage();
        int input = usage != null && usage.inputTokens() != null ? usage.inputTokens()
                : TokenEstimate.DEFAULT.tokens(prompt.totalChars());
        int output = usage != null && usage.outputTokens() != null ? usage.outputTokens()
                : TokenEstimate.DEFAULT.tokens(answer.length());
        return new LlmCompletion(answer, input, output, latencyMs);
    }

    /** The forced tool's input as JSON text, else the message's text. */
    static String answer(ConverseResponse response) {
        Message output = response.output() == null ? null : response.output().message();
        if (output != null && output.content() != null) {
            for (ContentBlock block : output.content()) {
                if (block.toolUse() != null && block.toolUse().input() != null
                        && block.toolUse().input().isMap()) {
                    return json(block.toolUse().input()).toString();
                }
            }
            String text = output.content().stream().map(ContentBlock::text).filter(t -> t != null)
                    .reduce("", String::concat);
            if (!text.isBlank()) {
                return text;
            }
        }
        throw new LlmCallException("the model's Converse answer has no toolUse input and no text (stopReason "
                + response.stopReasonAsString() + ")", true, null);
    }

    private static Message message(ConversationRole role, String text) {
        return Message.builder().role(role).content(ContentBlock.fromText(text)).build();
    }

    /** Throttling, 5xx, timeouts and network errors may pass; a refused or malformed request will not. */
    static LlmCallException failure(Exception e) {
        Throwable cause = e;
        if (cause instanceof ApiCallTimeoutException || cause instanceof ApiCallAttemptTimeoutException) {
            return new LlmCallException("the model did not answer in time: " + cause.getMessage(), true, cause);
        }
        if (cause instanceof AwsServiceException aws) {
            int status = aws.statusCode();
            boolean transientFailure = status == 429 || status >= 500 || aws.isThrottlingException();
            String code = aws.awsErrorDetails() != null ? aws.awsErrorDetails().errorCode() : "HTTP " + status;
            return new LlmCallException("Bedrock answered " + code + " (HTTP " + status + ")", transientFailure, cause);
        }
        if (cause instanceof SdkClientException) {
            return new LlmCallException("Bedrock could not be reached: " + cause.getMessage(), true, cause);
        }
        return new LlmCallException("the Bedrock call failed: " + cause, true, cause);
    }

    /** A Jackson tree as the SDK's document type. */
    /** The one tool, whose input schema is the prompt's answer schema, and the choice forcing it. */
    private static ToolConfiguration tools(LlmPrompt prompt) {
        return ToolConfiguration.builder()
                .tools(Tool.fromToolSpec(ToolSpecification.builder().name(NarrativeSchema.NAME)
                        .description(TOOL_DESCRIPTION)
                        .inputSchema(ToolInputSchema.fromJson(document(prompt.responseSchema()))).build()))
                .toolChoice(ToolChoice.fromTool(SpecificToolChoice.builder().name(NarrativeSchema.NAME).build()))
                .build();
    }

    static Document document(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Document.fromNull();
        }
        if (node.isObject()) {
            Map<String, Document> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), document(e.getValue())));
            return Document.fromMap(map);
        }
        if (node.isArray()) {
            List<Document> list = new ArrayList<>();
            node.forEach(element -> list.add(document(element)));
            return Document.fromList(list);
        }
        if (node.isBoolean()) {
            return Document.fromBoolean(node.booleanValue());
        }
        if (node.isNumber()) {
            return Document.fromNumber(SdkNumber.fromBigDecimal(node.decimalValue()));
        }
        return Document.fromString(node.asText());
    }

    /** The SDK's document type as a Jackson tree. */
    static JsonNode json(Document document) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (document == null || document.isNull()) {
            return nodes.nullNode();
        }
        if (document.isMap()) {
            ObjectNode object = nodes.objectNode();
            document.asMap().forEach((key, value) -> object.set(key, json(value)));
            return object;
        }
        if (document.isList()) {
            var array = nodes.arrayNode();
            document.asList().forEach(element -> array.add(json(element)));
            return array;
        }
        if (document.isBoolean()) {
            return nodes.booleanNode(document.asBoolean());
        }
        if (document.isNumber()) {
            BigDecimal value = document.asNumber().bigDecimalValue();
            return value.scale() <= 0 ? nodes.numberNode(value.toBigInteger()) : nodes.numberNode(value);
        }
        return nodes.textNode(document.asString());
    }
}
