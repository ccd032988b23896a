package com.aperilex.flow.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 7807 problem document ({@code application/problem+json}).
 *
 * @param errors     the invalid fields, for validation problems; omitted otherwise
 * @param extensions the type's extension members (RFC 7807 3.2), written beside the standard ones; empty for most
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String instance, List<FieldError> errors,
                      @JsonIgnore Map<String, Object> extensions) {
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://aperilex.com/problems/";

    public Problem {
        extensions = extensions == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    public Problem(URI type, String title, int status, String detail, String instance, List<FieldError> errors) {
        this(type, title, status, detail, instance, errors, Map.of());
    }

    /** The extension members, serialised as top-level members of the problem document. */
    @JsonAnyGetter
    public Map<String, Object> members() {
        return extensions;
    }

    /** This problem with extension members added (in the order given). */
    public Problem with(Map<String, Object> members) {
        Map<String, Object> all = new LinkedHashMap<>(extensions);
        all.putAll(members);
        return new Problem(type, title, status, detail, instance, errors, all);
    }

    public static Problem of(ProblemType type, String detail, String instance) {
        return new Problem(URI.create(TYPE_BASE + type.slug()), type.title(), type.status(), detail, instance, null);
    }

    /**
     * The problem for a bare HTTP status, as the container or the framework answers it (a bad request line, an
     * unknown path, a wrong method): the type of that status, or {@code about:blank} with the status's reason
     * (RFC 7807 4.2) for a status no type of ours has.
     */
    public static Problem forStatus(int status, String detail, String instance) {
        ProblemType type = ProblemType.forStatus(status);
        if (type != null) {
            return of(type, detail, instance);
        }
        return new Problem(URI.create("about:blank"), reason(status), status, detail, instance, null);
    }

    private static String reason(int status) {
        return switch (status) {
            case 408 -> "Request timeout";
            case 409 -> "Conflict";
            case 411 -> "Length required";
            case 414 -> "URI too long";
            case 417 -> "Expectation failed";
            case 431 -> "Request header fields too large";
            case 501 -> "Not implemented";
            case 505 -> "HTTP version not supported";
            default -> status >= 500 ? "Server error" : "Client error";
        };
    }

    public static Problem invalidRequest(List<FieldError> errors, String instance) {
        String fields = String.join(", ", errors.stream().map(FieldError::field).distinct().toList());
        return new Problem(URI.create(TYPE_BASE + ProblemType.INVALID_REQUEST.slug()), ProblemType.INVALID_REQUEST.title(),
                ProblemType.INVALID_REQUEST.status(), "Invalid fields: " + fields, instance, List.copyOf(errors));
    }
}
