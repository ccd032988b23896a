package com.aperilex.flow.problem;

/** One invalid field of a request, named by its JSON property. */
public record FieldError(String field, String message) {
}
