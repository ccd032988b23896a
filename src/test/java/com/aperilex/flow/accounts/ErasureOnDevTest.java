package com.aperilex.flow.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.ServiceTestSupport;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/**
 * An erasure in auth mode none, where the email is the identity: afterwards the erased user's row holds no email and
 * the same email asking again is a new user, not the erased one (the replica forgets the pair it remembered).
 */
class ErasureOnDevTest extends ServiceTestSupport {

    @Test
    void theSameEmailAfterAnErasureIsANewUser() {
        String email = uniqueEmail();
        String before = get("/api/v1/me?email=" + email).json().get("userId").asText();

        Reply erased = send(HttpRequest.newBuilder(uri("/api/v1/admin/users/" + before + "/erasure"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());

        assertThat(erased.status()).as(erased.body()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT subject FROM users WHERE id = ?::uuid", String.class, before))
                .isEqualTo("erased:" + before);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM users WHERE email = ?", Integer.class, email)).isZero();
        String after = get("/api/v1/me?email=" + email).json().get("userId").asText();
        assertThat(after).isNotEqualTo(before);
    }
}
