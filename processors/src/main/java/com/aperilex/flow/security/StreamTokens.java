package com.aperilex.flow.security;

import com.aperilex.flow.domain.ImportId;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived tokens that let a browser's {@code EventSource} (which cannot send an Authorization header) open
 * the event stream of one task: {@code base64url(v1.<userId>.<taskId>.<expiresEpochSecond>).base64url(HMAC-SHA256)}.
 * A token is good for its task only, until it expires; it names its user so the stream knows who follows it.
 * The key is read at each use, so a rotated secret takes effect at once (tokens signed with the old key stop
 * working: they live minutes).
 */
public final class StreamTokens {
    private static final String VERSION = "v1";
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getUrlDecoder();
    /** Far longer than any token this class makes; anything longer is rejected before decoding. */
    private static final int MAX_LENGTH = 512;
    /** HMAC-SHA256 keys shorter than this are guessable. */
    public static final int MIN_KEY_BYTES = 32;

    private final Supplier<byte[]> key;
    private final Duration ttl;

    /**
     * @param key the HMAC key, read at each sign and verify; at least {@value #MIN_KEY_BYTES} bytes
     * @param ttl how long a token is good for
     */
    /** What an import's token names instead of a task id (a task id is a bare UUID, so the two never match). */
    private static final String IMPORT_PREFIX = "import-";

    public StreamTokens(Supplier<byte[]> key, Duration ttl) {
        this.key = Objects.requireNonNull(key, "key");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
    }

    /** A token for {@code user} to follow {@code task}, valid from {@code now} for the configured ttl. */
    public String sign(UserId user, TaskId task, Instant now) {
        return sign(user, task.toString(), now);
    }

    /** A token for {@code user} to follow the bulk import {@code id}'s progress; never valid for a task. */
    public String sign(UserId user, ImportId id, Instant now) {
        return sign(user, IMPORT_PREFIX + id, now);
    }

    /** The user an import's stream token was made for: as {@link #verify(String, TaskId, Instant)}. */
    public Optional<UserId> verify(String token, ImportId id, Instant now) {
        return verify(token, IMPORT_PREFIX + id, now);
    }

    public Optional<UserId> verify(String token, TaskId task, Instant now) {
        return verify(token, task.toString(), now);
    }

    private String sign(UserId user, String resource, Instant now) {
        String payload = String.join(".", VERSION, user.toString(), resource,
                Long.toString(now.plus(ttl).getEpochSecond()));
        byte[] payloadBytes = payload.getBytes(StandardCharsets.US_ASCII);
        return B64.encodeToString(payloadBytes) + "." + B64.encodeToString(mac(payloadBytes));
    }

    /**
     * The user a token was made for, when it is well formed, signed with the current key, made for
     * {@code task} and not expired at {@code now}; empty otherwise (the reason is not told: the caller answers
     * 401 either way).
     */
    private Optional<UserId> verify(String token, String resource, Instant now) {
        if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        byte[] payloadBytes;
        byte[] signature;
        try {
            payloadBytes = B64_DECODE.decode(token.substring(0, dot));
            signature = B64_DECODE.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // Constant time: a timing difference must not tell how much of a forged signature is right.
        if (!MessageDigest.isEqual(mac(payloadBytes), signature)) {
            return Optional.empty();
        }
        String[] fields = new String(payloadBytes, StandardCharsets.US_ASCII).split("\\.", -1);
        if (fields.length != 4 || !VERSION.equals(fields[0])) {
            return Optional.empty();
        }
        try {
            UserId user = new UserId(UUID.fromString(fields[1]));
            long expires = Long.parseLong(fields[3]);
            if (!fields[2].equals(resource) || now.getEpochSecond() >= expires) {
                return Optional.empty();
            }
            return Optional.of(user);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(byte[] payload) {
        byte[] keyBytes = key.get();
        if (keyBytes == null || keyBytes.length < MIN_KEY_BYTES) {
            throw new KeyUnavailableException("the stream-token key must be at least " + MIN_KEY_BYTES + " bytes");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(keyBytes, ALGORITHM));
            return mac.doFinal(payload);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /**
     * The key cannot be read now (its secret is unset, unreadable, or too short): neither signing nor verifying can
     * go on. Callers answer 503 and log it; it is never mistaken for a bad token.
     */
    public static final class KeyUnavailableException extends RuntimeException {
        public KeyUnavailableException(String message) {
            super(message);
        }

        public KeyUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
