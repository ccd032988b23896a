package com.aperilex.flow.intake;

import com.aperilex.flow.domain.TaskStatus;
import com.aperilex.flow.problem.FieldError;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The long-poll of {@code GET /api/v1/tasks/{taskId}?waitSeconds=&ifStatus=}: how long to hold the reply at
 * most, and the status it waits to see change (by default the status the task has when asked).
 *
 * @param ifStatus the status to wait away from, or null for "the current one"
 */
public record TaskWait(Duration atMost, TaskStatus ifStatus) {
    public static final int MAX_WAIT_SECONDS = 30;
    public static final TaskWait NONE = new TaskWait(Duration.ZERO, null);

    /**
     * Reads the two query parameters (each may be null or blank).
     *
     * @throws InvalidRequestException naming each invalid parameter
     */
    public static TaskWait parse(String waitSeconds, String ifStatus) {
        List<FieldError> errors = new java.util.ArrayList<>();
        Duration wait = Duration.ZERO;
        if (waitSeconds != null && !waitSeconds.isBlank()) {
            String raw = waitSeconds.strip();
            // ASCII digits only: Character.isDigit would let other scripts' digits through.
            if (!raw.matches("[0-9]{1,2}") || Integer.parseInt(raw) > MAX_WAIT_SECONDS) {
                errors.add(new FieldError("waitSeconds", "must be a whole number of seconds from 0 to " + MAX_WAIT_SECONDS));
            } else {
                wait = Duration.ofSeconds(Integer.parseInt(raw));
            }
        }
        TaskStatus status = null;
        if (ifStatus != null && !ifStatus.isBlank()) {
            status = Arrays.stream(TaskStatus.values()).filter(s -> s.name().equals(ifStatus.strip())).findFirst()
                    .orElse(null);
            if (status == null) {
                errors.add(new FieldError("ifStatus", "must be one of " + Arrays.toString(TaskStatus.values())));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new TaskWait(wait, status);
    }

    public boolean waits() {
        return !atMost.isZero();
    }

    /** Whether a task now in {@code current} is worth answering at once, given what was asked to wait for. */
    public boolean answerNow(TaskStatus current) {
        return !waits() || (ifStatus != null && current != ifStatus);
    }

    /** The status the wait watches: the one asked for, else the one the task has now. */
    public TaskStatus watched(TaskStatus current) {
        return Optional.ofNullable(ifStatus).orElse(current);
    }
}
