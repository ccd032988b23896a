package com.aperilex.flow.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;

/**
 * A model on Amazon Bedrock through camel-aws-bedrock's Converse operation, which speaks one message
 * format for every model family (Nova, Claude, Llama, ...). The endpoint comes from
 * {@code aperilex.llm.bedrock-uri}; the Bedrock runtime client behind it carries the call's time limit.
 */
public final class BedrockConverseClient implements LlmClient {
    static final String MESSAGES = "CamelAwsBedrockConverseMessages";
    static final String SYSTEM = "CamelAwsBedrockConverseSystem";
    static final String INFERENCE_CONFIG = "CamelAwsBedrockConverseInferenceConfig";
    static final String OUTPUT_MESSAGE = "CamelAwsBedrockConverseOutputMessage";
    static final String USAGE = "CamelAwsBedrockConverseUsage";

    private final ProducerTemplate producer;
    private final String endpointUri;
    private final String model;
    private final float temperature;

    public BedrockConverseClient(ProducerTemplate producer, String endpointUri, String model, double temperature) {
        this.producer = producer;
        this.endpointUri = endpointUri;
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
        InferenceConfiguration inference = InferenceConfiguration.builder()
                .maxTokens(prompt.maxOutputTokens()).temperature(temperature).build();
        long started = System.nanoTime();
        Exchange reply = producer.send(endpointUri, exchange -> exchange.getMessage().setHeaders(Map.of(
                MESSAGES, messages, SYSTEM, system, INFERENCE_CONFIG, inference)));
        long latencyMs = (System.nanoTime() - started) / 1_000_000;
        if (reply.getException() != null) {
            throw failure(reply.getException());
        }
        Message output = reply.getMessage().getHeader(OUTPUT_MESSAGE, Message.class);
        String text = output == null ? null : output.content().stream()
                .map(ContentBlock::text).filter(t -> t != null).reduce("", String::concat);
        if (text == null || text.isBlank()) {
            throw new LlmCallException("the model's Converse answer has no text content", true, null);
        }
        TokenUsage usage = reply.getMessage().getHeader(USAGE, TokenUsage.class);
        int input = usage != null && usage.inputTokens() != null ? usage.inputTokens() : TokenEstimate.DEFAULT.tokens(prompt.totalChars());
        int outputTokens = usage != null && usage.outputTokens() != null ? usage.outputTokens() : TokenEstimate.DEFAULT.tokens(text.length());
        return new LlmCompletion(text, input, outputTokens, latencyMs);
    }

    private static Message message(ConversationRole role, String text) {
        return Message.builder().role(role).content(ContentBlock.fromText(text)).build();
    }

    /** Throttling, 5xx, timeouts and network errors may pass; a refused or malformed request will not. */
    static LlmCallException failure(Exception e) {
        Throwable cause = e instanceof CamelExecutionException && e.getCause() != null ? e.getCause() : e;
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
}
