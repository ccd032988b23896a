package com.aperilex.flow.api;

import com.aperilex.flow.problem.Problem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Spring MVC's own errors (an unknown path: 404; a method a route or controller does not take: 405 with
 * Allow; an unacceptable Accept: 406; an async timeout) in this service's problem shape, replacing Spring
 * Boot's ProblemDetail handler: same type URIs and fixed sentences as every other problem. The exception's
 * message (it names handler internals) goes to the log at debug.
 */
@RestControllerAdvice
public class ProblemExceptionHandler extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        HttpServletRequest servletRequest = request instanceof ServletWebRequest w ? w.getRequest() : null;
        HttpServletResponse servletResponse = request instanceof ServletWebRequest w ? w.getResponse() : null;
        if (servletResponse != null && servletResponse.isCommitted()) {
            // An event stream already under way (e.g. its async timeout): nothing more can be said.
            return null;
        }
        log.debug("Answering {} for {}", statusCode.value(), ex.toString());
        String instance = servletRequest == null ? null : ProblemResponses.instance(servletRequest.getRequestURI());
        Problem problem = ProblemResponses.forStatus(statusCode.value(), instance);
        HttpHeaders replyHeaders = new HttpHeaders();
        replyHeaders.addAll(headers);
        replyHeaders.setContentType(MediaType.parseMediaType(Problem.MEDIA_TYPE));
        return ResponseEntity.status(statusCode).headers(replyHeaders).body(ProblemResponses.bytes(problem));
    }
}
