package com.aperilex.flow.api;

import com.aperilex.flow.events.EventStreams;
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

    /** Why no stream was opened: 429 for the holder's cap, 503 for the replica's or its shutdown; Retry-After 2. */
    static ResponseEntity<byte[]> refused(ObjectMapper json, EventStreams.Refusal refusal, String pollLink,
                                          String instance) throws JsonProcessingException {
        return switch (refusal) {
            case USER_FULL -> problem(json, ProblemType.TOO_MANY_WAITS,
                    "You hold the most event streams you may at once; close one, or poll " + pollLink, instance, "2");
            case REPLICA_FULL -> problem(json, ProblemType.TOO_MANY_STREAMS,
                    "This replica holds the most event streams it may; retry shortly or poll " + pollLink, instance,
                    "2");
            case SHUTTING_DOWN -> problem(json, ProblemType.SERVICE_UNAVAILABLE,
                    "This replica is shutting down; retry shortly.", instance, "2");
        };
    }
}
