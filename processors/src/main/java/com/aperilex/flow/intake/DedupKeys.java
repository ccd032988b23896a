package com.aperilex.flow.intake;

import com.aperilex.flow.domain.Sha256;
import com.aperilex.flow.domain.AnalysisRequest;
import com.aperilex.flow.domain.ModelTier;
import java.nio.charset.StandardCharsets;

/**
 * The deduplication key of a request: a SHA-256 over (email, normalised filing request, model tier). The
 * same person asking for the same filing in the same tier gets the same key (a small-tier and a large-tier
 * request are different tasks); it doubles as SQS's MessageDeduplicationId
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
        // Keys made before tiers existed are all small-tier keys and stay as they were; another tier adds a
        // last field, which no earlier key has (no field holds a '|'), so keys of different tiers never collide.
        if (request.modelTier() != ModelTier.SMALL) {
            normalised += "|tier:" + request.modelTier().wireName();
        }
        return sha256Hex(normalised);
    }

    static String sha256Hex(String text) {
        return Sha256.hex(text.getBytes(StandardCharsets.UTF_8));
    }
}
