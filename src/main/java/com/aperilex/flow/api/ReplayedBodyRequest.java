package com.aperilex.flow.api;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** A request whose body has already been read into memory (bounded by the body limit), replayed to the rest. */
final class ReplayedBodyRequest extends HttpServletRequestWrapper {
    private final byte[] body;

    ReplayedBodyRequest(HttpServletRequest request, byte[] body) {
        super(request);
        this.body = body;
    }

    byte[] body() {
        return body;
    }

    /** The replayed body under whatever wrappers later filters added, or null when there is none. */
    static byte[] bodyOf(jakarta.servlet.ServletRequest request) {
        for (jakarta.servlet.ServletRequest r = request; r != null; ) {
            if (r instanceof ReplayedBodyRequest replayed) {
                return replayed.body;
            }
            r = r instanceof jakarta.servlet.ServletRequestWrapper w ? w.getRequest() : null;
        }
        return null;
    }

    @Override
    public int getContentLength() {
        return body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body.length;
    }

    @Override
    public ServletInputStream getInputStream() {
        InputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public boolean isFinished() {
                return false;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException("synchronous reads only");
            }

            @Override
            public int read() throws IOException {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return in.read(b, off, len);
            }
        };
    }

    /** JSON is UTF-8 (RFC 8259); the body has been checked to be valid UTF-8 when it is JSON. */
    @Override
    public BufferedReader getReader() {
        return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
    }
}
