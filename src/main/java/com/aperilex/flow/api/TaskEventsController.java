package com.aperilex.flow.api;

import com.aperilex.flow.domain.ApiLinks;
import com.aperilex.flow.domain.InvalidValueException;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.domain.UserId;
import com.aperilex.flow.events.EventStreams;
import com.aperilex.flow.queries.TaskQueries;
import com.aperilex.flow.problem.ProblemType;
import com.aperilex.flow.security.StreamTokens;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * GET /api/v1/tasks/{taskId}/events: the task's status at once, then every transition as Server-Sent
 * Events, ending after COMPLETED or FAILED. A long-lived stream is the one thing the REST routes do not
 * carry (Camel's platform-http answers a request with one reply), so it is a Spring MVC endpoint beside
 * them, answering errors as the same problem+json.
 *
 * <p>Who may follow: the holder of the stream token from the task's 202 ({@code ?token=}, for EventSource, which
 * sends no headers), or a caller whose bearer token makes them the task's owner or an administrator. A token that
 * is wrong, expired or made for another task is 401; someone else's task is 404, as an unknown one.
 */
@RestController
public class TaskEventsController {
    private static final Logger LOG = LoggerFactory.getLogger(TaskEventsController.class);

    private final TaskQueries tasks;
    private final EventStreams streams;
    private final ObjectMapper json;
    private final StreamTokens streamTokens;
    private final Clock clock;

    public TaskEventsController(TaskQueries tasks, EventStreams streams, ObjectMapper json,
                                StreamTokens streamTokens, Clock clock) {
        this.tasks = tasks;
        this.streams = streams;
        this.json = json;
        this.streamTokens = streamTokens;
        this.clock = clock;
    }

    @GetMapping(ApiLinks.BASE + "/tasks/{taskId}/events")
    public ResponseEntity<?> events(@PathVariable("taskId") String rawId,
                                    @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                                    @RequestParam(name = "token", required = false) String token,
                                    HttpServletRequest request) throws JsonProcessingException {
        String instance = request.getRequestURI();
        TaskId id;
        try {
            id = TaskId.parse(rawId);
        } catch (InvalidValueException e) {
            return problem(ProblemType.MALFORMED_ID, e.getMessage(), instance);
        }
        Optional<UserId> tokenUser;
        try {
            tokenUser = token == null ? Optional.empty() : streamTokens.verify(token, id, clock.instant());
        } catch (StreamTokens.KeyUnavailableException e) {
            LOG.error("Cannot verify a stream token on {}: {}", instance, e.toString());
            return StreamProblems.keyUnavailable(json, instance);
        }
        StreamAccess.Access access = StreamAccess.check(json, request, token, tokenUser, user -> tasks.ownedBy(id, user),
                caller -> tasks.visible(id, caller), "this task", "no task " + id);
        if (access.refusal() != null) {
            return access.refusal();
        }
        Long after = null;
        if (lastEventId != null && !lastEventId.isBlank()) {
            if (!lastEventId.strip().matches("[0-9]{1,18}")) {
                return problem(ProblemType.MALFORMED_ID, "Last-Event-ID must be an event id of this stream", instance);
            }
            after = Long.parseLong(lastEventId.strip());
        }
        EventStreams.Opened opened = streams.open(id, after, access.holder());
        if (opened.refusal() != null) {
            return StreamProblems.refused(json, opened.refusal(), ApiLinks.task(id), instance);
        }
        return StreamAccess.stream(opened.emitter());
    }

    private ResponseEntity<byte[]> problem(ProblemType type, String detail, String instance) throws JsonProcessingException {
        return StreamProblems.problem(json, type, detail, instance, null);
    }
}
