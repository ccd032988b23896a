package com.aperilex.flow.intake;

import com.aperilex.flow.domain.AnalysisRequest;
import com.aperilex.flow.domain.ModelTier;
import com.aperilex.flow.domain.Sha256;
import com.aperilex.flow.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The deduplication key of a request: a SHA-256 over (owner's user id, normalised filing request, model tier).
 * The same user asking for the same filing in the same tier gets the same key; another user gets another key,
 * so a task id is never handed to anyone but its owner (a small-tier and a large-tier request are different
 * tasks too). It doubles as SQS's MessageDeduplicationId (64 hex characters, inside SQS's 128-character limit).
 */
public final class DedupKeys {
    /**
     * Bump when the normalisation changes, so old and new keys can never collide. v1 keyed on the body's email;
     * v2 keys on the user id (a v1 key of an open task still deduplicates nothing new: its key is simply not met).
     */
    private static final String KEY_VERSION = "v2";

    private DedupKeys() {
    }

    public static String of(UserId owner, AnalysisRequest request) {
        Objects.requireNonNull(owner, "owner");
        String normalised = String.join("|",
                KEY_VERSION,
                "user:" + owner,
                request.company().token(),
                request.formType().edgarName(),
                request.accession().map(Object::toString).orElse("LATEST"));
        // The default-of-old small tier adds nothing; another tier adds a last field (no field holds a '|'),
        // so keys of different tiers never collide.
        if (request.modelTier() != ModelTier.SMALL) {
            normalised += "|tier:" + request.modelTier().wireName();
        }
        return sha256Hex(normalised);
    }

    static String sha256Hex(String text) {
        return Sha256.hex(text.getBytes(StandardCharsets.UTF_8));
    }
}
