package com.aperilex.flow.api;

import com.aperilex.flow.problem.Problem;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's error report as problem+json instead of its HTML page: what the container answers itself, before
 * any filter or the /error page runs (a malformed request line or header, an invalid URI, an encoded slash,
 * TRACE). The container's message names parser internals and echoes input; it is logged at debug, the
 * caller gets the status's fixed sentence ({@link ProblemResponses#detailFor}).
 */
public class ProblemErrorReportValve extends ErrorReportValve {
    private static final Logger log = LoggerFactory.getLogger(ProblemErrorReportValve.class);

    public ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        String uri = null;
        try {
            uri = request.getRequestURI();
        } catch (RuntimeException e) {
            // an unparsed request line has no URI
        }
        log.debug("Container answered {} to {}: {}", status, uri, response.getMessage(), throwable);
        // What the container cannot serve is the request's fault here: an unknown transfer coding or HTTP
        // version is a malformed request (400), CONNECT and other unknown methods are not allowed (405).
        if (status == 501) {
            status = EdgeRequestFilter.METHODS.contains(request.getMethod()) ? 400 : 405;
            response.setStatus(status);
        } else if (status == 505) {
            status = 400;
            response.setStatus(status);
        }
        Problem problem = ProblemResponses.forStatus(status, ProblemResponses.instance(uri));
        try {
            response.setContentType(Problem.MEDIA_TYPE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(new String(ProblemResponses.bytes(problem), StandardCharsets.UTF_8));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            log.debug("Could not write the error report", e);
        }
    }
}
