package com.aperilex.flow.api;

import com.aperilex.flow.problem.Problem;
import com.aperilex.flow.problem.ProblemType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Writes problem+json straight onto a servlet response, for the parts of the edge that answer before any
 * route or controller runs (filters, the error page, Tomcat's valves). Details are fixed sentences: what the
 * container or the parser said stays in the log.
 */
public final class ProblemResponses {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemResponses() {
    }

    /** The fixed public sentence for a bare status the container or the framework produced. */
    public static String detailFor(int status) {
        return switch (status) {
            case 400 -> "The request could not be read: its request line, path, headers or body are malformed.";
            case 401 -> "Authentication is required.";
            case 403 -> "The request is not allowed.";
            case 404 -> "No resource at this path.";
            case 405 -> "This method is not allowed at this path.";
            case 406 -> "This resource is only served as application/json (errors as application/problem+json).";
            case 408 -> "The request took too long to arrive.";
            case 413 -> "The request body is too large.";
            case 414 -> "The request path is too long.";
            case 415 -> "The request body's media type or encoding is not supported.";
            case 431 -> "The request headers are too large.";
            case 501 -> "This method is not implemented.";
            case 505 -> "This HTTP version is not supported.";
            default -> status >= 500 ? "An unexpected error occurred; it has been logged." : "The request was refused.";
        };
    }

    /** The problem of a bare status, with its fixed sentence. */
    public static Problem forStatus(int status, String instance) {
        return Problem.forStatus(status, detailFor(status), instance);
    }

    public static byte[] bytes(Problem problem) {
        try {
            return JSON.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("problems always serialise", e);
        }
    }

    /** Answers the problem, closing the connection when the rest of the request is not to be read. */
    public static void write(HttpServletResponse response, ProblemType type, String detail, String instance,
                             boolean closeConnection) throws IOException {
        write(response, Problem.of(type, detail, instance), closeConnection);
    }

    public static void write(HttpServletResponse response, Problem problem, boolean closeConnection) throws IOException {
        byte[] body = bytes(problem);
        response.resetBuffer();
        response.setStatus(problem.status());
        response.setContentType(Problem.MEDIA_TYPE);
        response.setContentLength(body.length);
        if (closeConnection) {
            response.setHeader("Connection", "close");
        }
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    /**
     * The request path as an instance: only printable ASCII of bounded length is echoed, so a rejected
     * path full of control characters or megabytes long is not reflected back.
     */
    public static String instance(String rawPath) {
        if (rawPath == null || rawPath.length() > 512 || !rawPath.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return null;
        }
        return rawPath;
    }
}
