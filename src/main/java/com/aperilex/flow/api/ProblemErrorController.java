package com.aperilex.flow.api;

import com.aperilex.flow.problem.Problem;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page (instead of Spring Boot's whitelabel page and its JSON): every error the container forwards
 * to {@code /error} (an exception no handler caught, a {@code sendError} from a filter or the firewall) is
 * answered as problem+json with the status's fixed sentence, whatever the request's Accept header. The
 * exception is logged, never shown. Requested directly, {@code /error} is an unknown path (404).
 * Behind Spring Security the ERROR dispatch must be permitted ({@code dispatcherTypeMatchers(ERROR).permitAll()}),
 * or an anonymous caller's error would turn into a 401 on its way here.
 */
@RestController
public class ProblemErrorController implements ErrorController {
    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public ResponseEntity<byte[]> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        int status = code instanceof Integer i && i >= 400 && i <= 599 ? i : 404;
        String instance = ProblemResponses.instance(uri instanceof String s ? s : request.getRequestURI());
        Object error = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (status >= 500) {
            log.error("Error {} answering {}", status, uri, error instanceof Throwable t ? t : null);
        } else if (error instanceof Throwable t) {
            log.debug("Error {} answering {}", status, uri, t);
        }
        Problem problem = ProblemResponses.forStatus(status, instance);
        return ResponseEntity.status(status).contentType(MediaType.parseMediaType(Problem.MEDIA_TYPE))
                .body(ProblemResponses.bytes(problem));
    }
}
