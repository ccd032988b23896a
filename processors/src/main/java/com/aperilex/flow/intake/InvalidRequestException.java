package com.aperilex.flow.intake;

import com.aperilex.flow.problem.FieldError;
import java.util.List;

/** A request that failed validation; carries every invalid field, not just the first. */
public final class InvalidRequestException extends RuntimeException {
    private final transient List<FieldError> errors;

    public InvalidRequestException(List<FieldError> errors) {
        super("invalid request: " + errors);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
