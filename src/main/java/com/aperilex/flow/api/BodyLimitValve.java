package com.aperilex.flow.api;

import com.aperilex.flow.problem.ProblemType;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * The body limit inside Tomcat, below every filter and servlet: whatever path or dispatch a request takes,
 * no component can read more than {@code aperilex.api.max-body-size} of its body. A declared Content-Length
 * above the limit is answered 413 problem+json before the application sees the request; a chunked body is
 * counted as it is read and fails with {@link BodyTooLargeException} past the limit ({@link
 * RequestBodyLimitFilter} turns that into the same 413).
 */
public class BodyLimitValve extends ValveBase {
    private final long limit;

    public BodyLimitValve(long limit) {
        super(true);
        this.limit = limit;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        long declared;
        try {
            declared = request.getContentLengthLong();
        } catch (IllegalArgumentException e) {
            // Tomcat parses Content-Length lazily: "-1" or "abc" surfaces here, as a NumberFormatException.
            ProblemResponses.write(response, ProblemType.BAD_REQUEST, "The Content-Length header is not a number of bytes.",
                    ProblemResponses.instance(request.getRequestURI()), true);
            dropTheRest(request);
            return;
        }
        if (declared > limit) {
            ProblemResponses.write(response, ProblemType.PAYLOAD_TOO_LARGE, "request body exceeds the limit of " + limit + " bytes",
                    ProblemResponses.instance(request.getRequestURI()), true);
            dropTheRest(request);
            return;
        }
        if (declared < 0) {
            request.setRequest(new CountedBodyRequest(request.getRequest(), limit));
        }
        getNext().invoke(request, response);
        if (response.getStatus() == 413) {
            dropTheRest(request);
        }
    }

    /**
     * The unread rest of a refused body is not read (Tomcat would otherwise drain it before closing, holding
     * the connection open for as long as the client keeps sending or stays silent); the connection closes.
     */
    private static void dropTheRest(Request request) {
        request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
    }

    /** Reading a body past the limit. */
    public static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(long limit) {
            super("request body exceeds the limit of " + limit + " bytes");
        }
    }

    private static final class CountedBodyRequest extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream counted;

        CountedBodyRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (counted == null) {
                counted = new CountedInputStream(super.getInputStream(), limit);
            }
            return counted;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset;
            try {
                charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            } catch (IllegalArgumentException e) {
                throw new java.io.UnsupportedEncodingException(encoding);
            }
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class CountedInputStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long count;

        CountedInputStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        private int counted(int n) throws BodyTooLargeException {
            if (n > 0) {
                count += n;
                if (count > limit) {
                    throw new BodyTooLargeException(limit);
                }
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return counted(in.read(b, off, len));
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
