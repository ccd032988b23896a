package com.aperilex.flow.edgar;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/**
 * A response body that counts its bytes as they are read and, past the limit, drops the connection and fails:
 * a chunked answer declares no length, so only counting bounds what is buffered. Closing the stream normally
 * would drain the rest of the body to reuse the connection, which is exactly what must not happen here.
 */
final class SizeLimitedEntity extends HttpEntityWrapper {
    private final long limit;
    private final ExecRuntime connection;

    SizeLimitedEntity(HttpEntity entity, long limit, ExecRuntime connection) {
        super(entity);
        this.limit = limit;
        this.connection = connection;
    }

    @Override
    public InputStream getContent() throws IOException {
        return new Counting(super.getContent());
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        try (InputStream in = getContent()) {
            in.transferTo(out);
        }
    }

    private final class Counting extends FilterInputStream {
        private long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) throws DocumentTooLargeException {
            count += n;
            if (count > limit) {
                connection.discardEndpoint();
                throw new DocumentTooLargeException("the answer exceeded aperilex.edgar.max-document-size ("
                        + limit + " bytes) while it streamed");
            }
        }
    }
}
