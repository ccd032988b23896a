package com.aperilex.flow.api;

import com.aperilex.flow.domain.Caller;
import com.aperilex.flow.domain.UserId;
import com.aperilex.flow.problem.ProblemType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Who may follow a resource's event stream (a task's, an import's), the same way for both: the user of a valid
 * stream token (from the resource's 202, for EventSource, which sends no headers) if they own it, else the
 * request's caller (its owner or an administrator, by bearer token; a stale stream token beside a valid bearer
 * token is ignored). A token that is not valid with no caller is 401 invalid_token, no credentials at all 401;
 * someone else's resource is 404 as an unknown one.
 */
final class StreamAccess {
    private StreamAccess() {
    }

    /**
     * Whom the stream counts against (max-streams-per-user): the token's user, else the caller (or the client's
     * address); or the refusal to answer with. Exactly one is set.
     */
    record Access(String holder, ResponseEntity<byte[]> refusal) {
    }

    /**
     * @param tokenUser the stream token's user, when {@code token} was given and is valid
     * @param ownedBy   whether a user owns the resource
     * @param visibleTo whether a caller may see it
     * @param what      the resource in a 401's detail ("this task"), {@code unknown} its 404's
     */
    static Access check(ObjectMapper json, HttpServletRequest request, String token, Optional<UserId> tokenUser,
                        Predicate<UserId> ownedBy, Predicate<Caller> visibleTo, String what, String unknown)
            throws JsonProcessingException {
        String instance = request.getRequestURI();
        Caller caller = (Caller) request.getAttribute(Caller.REQUEST_ATTRIBUTE);
        boolean visible;
        String holder;
        if (tokenUser.isPresent()) {
            visible = ownedBy.test(tokenUser.get());
            holder = TaskLongPolls.waiterKey(tokenUser.get());
        } else if (token != null && caller == null) {
            return refused(StreamProblems.unauthenticated(json, instance, "invalid_token", what));
        } else if (caller != null) {
            visible = visibleTo.test(caller);
            holder = TaskLongPolls.waiterKey(caller, request);
        } else {
            return refused(StreamProblems.unauthenticated(json, instance, null, what));
        }
        if (!visible) {
            return refused(StreamProblems.problem(json, ProblemType.NOT_FOUND, unknown, instance, null));
        }
        return new Access(holder, null);
    }

    private static Access refused(ResponseEntity<byte[]> problem) {
        return new Access(null, problem);
    }

    /** 200 text/event-stream with the emitter as its body, never cached nor buffered by proxies. */
    static ResponseEntity<SseEmitter> stream(SseEmitter emitter) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                // nginx and similar proxies would otherwise buffer the stream
                .header("X-Accel-Buffering", "no")
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .body(emitter);
    }
}
