package com.aperilex.flow.api;

import com.aperilex.flow.problem.Problem;
import com.aperilex.flow.problem.ProblemType;
import com.aperilex.flow.security.SecurityProblems;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The problem+json refusals of the event-stream endpoints (TaskEventsController, ImportEventsController), which are
 * Spring MVC endpoints beside the routes and so answer their errors themselves, in the routes' format.
 */
final class StreamProblems {
    private StreamProblems() {
    }

    /** {@code type}'s problem, with Retry-After when {@code retryAfter} is given. */
    static ResponseEntity<byte[]> problem(ObjectMapper json, ProblemType type, String detail, String instance,
                                          String retryAfter) throws JsonProcessingException {
        Problem problem = Problem.of(type, detail, instance);
        ResponseEntity.BodyBuilder reply = ResponseEntity.status(problem.status())
                .contentType(MediaType.parseMediaType(Problem.MEDIA_TYPE));
        if (retryAfter != null) {
            reply.header("Retry-After", retryAfter);
        }
        return reply.body(json.writeValueAsBytes(problem));
    }

    /** 401 with WWW-Authenticate: no credentials, or a stream token that is not valid for {@code what}. */
    static ResponseEntity<byte[]> unauthenticated(ObjectMapper json, String instance, String error, String what)
            throws JsonProcessingException {
        Problem problem = Problem.of(ProblemType.UNAUTHENTICATED, SecurityProblems.UNAUTHENTICATED_DETAIL
                + " Or the stream token of " + what + "'s 202 reply, while it is valid.", instance);
        return ResponseEntity.status(problem.status()).contentType(MediaType.parseMediaType(Problem.MEDIA_TYPE))
                .header("WWW-Authenticate", SecurityProblems.wwwAuthenticate(error))
                .body(json.writeValueAsBytes(problem));
    }

    /** 503 with Retry-After 5: the stream-token key cannot be read now. */
    static ResponseEntity<byte[]> keyUnavailable(ObjectMapper json, String instance) throws JsonProcessingException {
        return problem(json, ProblemType.SERVICE_UNAVAILABLE, ApiReplies.STREAM_KEY_UNAVAILABLE, instance, "5");
    }
}
