package com.aperilex.flow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StreamTokensTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private final AtomicReference<byte[]> key = new AtomicReference<>(key('a'));
    private final StreamTokens tokens = new StreamTokens(key::get, Duration.ofMinutes(10));
    private final UserId user = UserId.random();
    private final TaskId task = TaskId.random();

    private static byte[] key(char c) {
        return String.valueOf(c).repeat(32).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aTokenOpensItsTaskForItsUserUntilItExpires() {
        String token = tokens.sign(user, task, NOW);

        assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        assertThat(tokens.verify(token, task, NOW)).contains(user);
        assertThat(tokens.verify(token, task, NOW.plus(Duration.ofMinutes(10)).minusSeconds(1))).contains(user);
        assertThat(tokens.verify(token, task, NOW.plus(Duration.ofMinutes(10)))).as("expired").isEmpty();
    }

    @Test
    void aTokenOfAnotherTaskOrKeyOrAlteredIsRefused() {
        String token = tokens.sign(user, task, NOW);

        assertThat(tokens.verify(token, TaskId.random(), NOW)).as("another task").isEmpty();
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.US_ASCII);
        // Another user or a later expiry in the payload, with the old signature.
        String otherUser = payload.replace(user.toString(), UserId.random().toString());
        String later = payload.substring(0, payload.lastIndexOf('.') + 1) + "99999999999";
        for (String forged : new String[] {otherUser, later}) {
            String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.US_ASCII));
            assertThat(tokens.verify(b64 + "." + parts[1], task, NOW)).as(forged).isEmpty();
        }
        key.set(key('b'));
        assertThat(tokens.verify(token, task, NOW)).as("signed with the key before a rotation").isEmpty();
        assertThat(tokens.verify(tokens.sign(user, task, NOW), task, NOW)).as("signed with the new key").contains(user);
    }

    @Test
    void garbageIsRefusedNotThrown() {
        for (String garbage : new String[] {"", ".", "a.b", "abc", "a.b.c", "!!!.???", "x".repeat(600) + ".y",
                Base64.getUrlEncoder().encodeToString("v1.x.y.z".getBytes(StandardCharsets.US_ASCII)) + ".AAAA"}) {
            assertThat(tokens.verify(garbage, task, NOW)).as(garbage).isEmpty();
        }
        assertThat(tokens.verify(null, task, NOW)).isEmpty();
    }

    @Test
    void aShortKeyIsRefused() {
        StreamTokens weak = new StreamTokens(() -> new byte[16], Duration.ofMinutes(1));
        assertThatThrownBy(() -> weak.sign(user, task, NOW)).isInstanceOf(StreamTokens.KeyUnavailableException.class);
        assertThatThrownBy(() -> new StreamTokens(key::get, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
