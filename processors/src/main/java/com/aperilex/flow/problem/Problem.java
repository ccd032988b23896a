package com.aperilex.flow.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;

/**
 * An RFC 7807 problem document ({@code application/problem+json}).
 *
 * @param errors the invalid fields, for validation problems; omitted otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String instance, List<FieldError> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://aperilex.com/problems/";

    public static Problem of(ProblemType type, String detail, String instance) {
        return new Problem(URI.create(TYPE_BASE + type.slug()), type.title(), type.status(), detail, instance, null);
    }

    public static Problem invalidRequest(List<FieldError> errors, String instance) {
        String fields = String.join(", ", errors.stream().map(FieldError::field).distinct().toList());
        return new Problem(URI.create(TYPE_BASE + ProblemType.INVALID_REQUEST.slug()), ProblemType.INVALID_REQUEST.title(),
                ProblemType.INVALID_REQUEST.status(), "Invalid fields: " + fields, instance, List.copyOf(errors));
    }
}
