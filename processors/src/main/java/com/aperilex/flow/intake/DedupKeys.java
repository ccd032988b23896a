package com.aperilex.flow.intake;

import com.aperilex.flow.domain.Sha256;
import com.aperilex.flow.domain.AnalysisRequest;
import java.nio.charset.StandardCharsets;

/**
 * The deduplication key of a request: a SHA-256 over (email, normalised filing request). The same
 * person asking for the same filing gets the same key; it doubles as SQS's MessageDeduplicationId
 * (64 hex characters, inside SQS's 128-character limit).
 */
public final class DedupKeys {
    /** Bump when the normalisation changes, so old and new keys can never collide. */
    private static final String KEY_VERSION = "v1";

    private DedupKeys() {
    }

    public static String of(AnalysisRequest request) {
        String normalised = String.join("|",
                KEY_VERSION,
                request.email().value(),
                request.company().token(),
                request.formType().edgarName(),
                request.accession().map(Object::toString).orElse("LATEST"));
        return sha256Hex(normalised);
    }

    static String sha256Hex(String text) {
        return Sha256.hex(text.getBytes(StandardCharsets.UTF_8));
    }
}
