package com.aperilex.flow.message;

import com.aperilex.flow.domain.InvalidValueException;
import com.aperilex.flow.domain.ModelTier;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.domain.TaskLane;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.Set;

/**
 * Turns task messages into queue bodies and back. Reading checks the envelope first, so a message
 * from a newer producer is told apart from garbage: the first fails its task, the second goes to
 * the dead-letter destination.
 *
 * <p>Versions: 1, the first layout; 2 adds {@code attempt} (a version 1 message is attempt 0); 3 adds
 * {@code modelTier} ("small", "medium" or "large"; a version 1 or 2 message is of this codec's default tier,
 * {@code aperilex.llm.default-tier}); 4 adds {@code priority} (0 to 9) and {@code filingSource} (null for the
 * configured source; a version 1 to 3 message is of priority {@link TaskLane#DEFAULT_PRIORITY}, the standard
 * lane, and the configured source). Encoding always writes {@link TaskMessage#CURRENT_SCHEMA_VERSION}.
 */
public final class TaskMessageCodec {
    /** Every task-message layout this worker can read. Versions are never removed, only declared incompatible. */
    public static final Set<Integer> READABLE_VERSIONS = Set.of(1, 2, 3, 4);

    private final ModelTier defaultTier;

    /** A codec reading version 1 and 2 messages as of {@link ModelTier#DEFAULT}. */
    public TaskMessageCodec() {
        this(ModelTier.DEFAULT);
    }

    /** @param defaultTier the tier of a message from before tiers (schema version 1 or 2) */
    public TaskMessageCodec(ModelTier defaultTier) {
        this.defaultTier = java.util.Objects.requireNonNull(defaultTier, "defaultTier");
    }

    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .build();

    public String encode(TaskMessage message) {
        try {
            return mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a TaskMessage always serialises", e);
        }
    }

    /**
     * @throws UnreadableTaskMessageException  if the body is not a task message at all
     * @throws UnsupportedTaskSchemaException if it is a task of a schema version this build cannot read
     */
    public TaskMessage decode(String body) {
        if (body == null || body.isBlank()) {
            throw new UnreadableTaskMessageException("empty message body", null);
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            throw new UnreadableTaskMessageException("not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new UnreadableTaskMessageException("not a JSON object", null);
        }
        JsonNode version = root.get("schemaVersion");
        if (version == null || !version.isIntegralNumber()) {
            throw new UnreadableTaskMessageException("missing or non-integer schemaVersion", null);
        }
        if (!READABLE_VERSIONS.contains(version.intValue())) {
            TaskId taskId = readableTaskId(root);
            if (taskId == null) {
                throw new UnreadableTaskMessageException(
                        "schemaVersion " + version.intValue() + " without a readable taskId", null);
            }
            throw new UnsupportedTaskSchemaException(taskId, version.intValue());
        }
        if (version.intValue() == 1) {
            // Version 1 predates retries: every version 1 message is a first run.
            if (root.has("attempt")) {
                throw new UnreadableTaskMessageException("schemaVersion 1 has no attempt field", null);
            }
            ((ObjectNode) root).put("attempt", 0);
        }
        if (version.intValue() < 3) {
            // Versions 1 and 2 predate tiers: their task is of the default tier.
            if (root.has("modelTier")) {
                throw new UnreadableTaskMessageException(
                        "schemaVersion " + version.intValue() + " has no modelTier field", null);
            }
            ((ObjectNode) root).put("modelTier", defaultTier.wireName());
        }
        if (version.intValue() < 4) {
            // Versions 1 to 3 predate priorities: their task is of the default priority and the configured source.
            for (String field : new String[] {"priority", "filingSource"}) {
                if (root.has(field)) {
                    throw new UnreadableTaskMessageException(
                            "schemaVersion " + version.intValue() + " has no " + field + " field", null);
                }
            }
            ((ObjectNode) root).put("priority", TaskLane.DEFAULT_PRIORITY);
            ((ObjectNode) root).putNull("filingSource");
        }
        try {
            return mapper.treeToValue(root, TaskMessage.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new UnreadableTaskMessageException("invalid task message: " + rootCauseMessage(e), e);
        }
    }

    private static TaskId readableTaskId(JsonNode root) {
        JsonNode id = root.get("taskId");
        if (id == null || !id.isTextual()) {
            return null;
        }
        try {
            return TaskId.parse(id.textValue());
        } catch (InvalidValueException e) {
            return null;
        }
    }

    private static String rootCauseMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
