package com.aperilex.flow.api;

import com.aperilex.flow.domain.ApiLinks;
import com.aperilex.flow.domain.ImportId;
import com.aperilex.flow.domain.InvalidValueException;
import com.aperilex.flow.domain.UserId;
import com.aperilex.flow.events.EventStreams;
import com.aperilex.flow.imports.ImportQueries;
import com.aperilex.flow.persistence.ImportRecords;
import com.aperilex.flow.problem.ProblemType;
import com.aperilex.flow.security.StreamTokens;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * GET /api/v1/imports/{importId}/events: the import's progress as Server-Sent Events, {@code event: progress} with
 * the same JSON as GET /api/v1/imports/{importId}, at once and then whenever it changes (read every
 * {@code aperilex.events.poll-interval}: an import changes with every task, so its events are its state, not every
 * transition), ending after COMPLETED or CANCELLED. The stream is one of the replica's event streams
 * (EventStreams): it counts against the same limits as a task's, has its heartbeat and ends at shutdown. Who may follow: as a task's stream, the holder of the stream token of the
 * import's 202 reply, or its owner or an administrator by bearer token; anyone else's import is 404.
 */
@RestController
public class ImportEventsController {
    private static final Logger LOG = LoggerFactory.getLogger(ImportEventsController.class);

    private final ImportRecords records;
    private final EventStreams streams;
    private final ObjectMapper json;
    private final StreamTokens streamTokens;
    private final Clock clock;

    public ImportEventsController(ImportRecords records, EventStreams streams, ObjectMapper json,
                                  StreamTokens streamTokens, Clock clock) {
        this.records = records;
        this.streams = streams;
        this.json = json;
        this.streamTokens = streamTokens;
        this.clock = clock;
    }

    @GetMapping(ApiLinks.BASE + "/imports/{importId}/events")
    public ResponseEntity<?> events(@PathVariable("importId") String rawId,
                                    @RequestParam(name = "token", required = false) String token,
                                    HttpServletRequest request) throws JsonProcessingException {
        String instance = request.getRequestURI();
        ImportId id;
        try {
            id = ImportId.parse(rawId);
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
        Optional<ImportRecords.View> view = records.view(id, 0);
        StreamAccess.Access access = StreamAccess.check(json, request, token, tokenUser,
                user -> view.filter(v -> user.equals(v.owner())).isPresent(),
                caller -> view.filter(v -> ImportQueries.visibleTo(v, caller)).isPresent(), "this import",
                "no import " + id);
        if (access.refusal() != null) {
            return access.refusal();
        }
        EventStreams.Opened opened = streams.openPolled("progress", () -> state(id), access.holder());
        if (opened.refusal() != null) {
            return StreamProblems.refused(json, opened.refusal(), ApiLinks.importStatus(id), instance);
        }
        return StreamAccess.stream(opened.emitter());
    }

    /** The import as GET /api/v1/imports/{id} answers it, or empty once it is gone. */
    private Optional<EventStreams.State> state(ImportId id) {
        return records.view(id, ImportQueries.MAX_FAILURES).map(view -> {
            try {
                return new EventStreams.State(json.writeValueAsString(ApiReplies.ImportView.of(view, json)),
                        view.status().finished());
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private ResponseEntity<byte[]> problem(ProblemType type, String detail, String instance)
            throws JsonProcessingException {
        return StreamProblems.problem(json, type, detail, instance, null);
    }
}
