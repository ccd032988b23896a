package com.aperilex.flow.api;

import com.aperilex.flow.problem.Problem;
import com.aperilex.flow.problem.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The Spring MVC side of the API (the event stream, TaskEventsController) answers a database outage as the
 * REST routes do (ApiReplies): 503 service-unavailable with Retry-After, not a 500. First among advices, so a
 * catch-all handler does not turn an outage into an internal error.
 */
@RestControllerAdvice(basePackageClasses = DatabaseOutageAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class DatabaseOutageAdvice {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutageAdvice.class);

    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class,
            RecoverableDataAccessException.class, SQLTransientException.class, SQLRecoverableException.class,
            SQLNonTransientConnectionException.class})
    public ResponseEntity<Problem> unavailable(Exception error, HttpServletRequest request) {
        LOG.warn("Database unavailable answering {}: {}", request.getRequestURI(), error.toString());
        Problem problem = Problem.of(ProblemType.SERVICE_UNAVAILABLE, DatabaseOutages.DETAIL, request.getRequestURI());
        return ResponseEntity.status(problem.status())
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseOutages.RETRY_AFTER_SECONDS))
                .contentType(MediaType.parseMediaType(Problem.MEDIA_TYPE))
                .body(problem);
    }
}
