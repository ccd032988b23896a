package com.aperilex.flow.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aperilex.flow.OpenApiContract;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The audit log in mode jwt against a real OIDC provider: submissions and administrators' reads and changes leave
 * rows naming the user, the client address, the User-Agent and the request id; GET /api/v1/admin/audit pages them
 * by user and time for administrators only; the database itself refuses to change or delete them (except the
 * declared purge and erasure); an erasure clears a user's email and addresses and keeps their ledger. Every
 * exchange is checked against the OpenAPI document.
 */
class AuditApiTest extends JwtAccountsTestSupport {
    @Autowired
    TransactionTemplate tx;

    private record Call(int status, String requestId, JsonNode json) {
    }

    private Call call(String method, String token, String path, String json, String requestId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .header("User-Agent", "AuditApiTest/1.0 (+https://example.com)");
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        HttpResponse<String> response = OpenApiContract.send(request.build());
        JsonNode body;
        try {
            body = response.body().isEmpty() ? null : JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Call(response.statusCode(), response.headers().firstValue("X-Request-Id").orElse(null), body);
    }

    private static String userToken(String name) {
        return IDP.tokenFor(name, name + "@example.com");
    }

    private static List<JsonNode> entries(Call page) {
        List<JsonNode> rows = new ArrayList<>();
        page.json().get("entries").forEach(rows::add);
        return rows;
    }

    private static JsonNode only(List<JsonNode> rows, String action) {
        List<JsonNode> matching = rows.stream().filter(r -> r.get("action").asText().equals(action)).toList();
        assertThat(matching).as(action).hasSize(1);
        return matching.get(0);
    }

    @Test
    void submissionsAndAdministratorsActionsAreRecordedWithWhoAndWhereAndPagedForAdministrators() {
        String name = "audited-" + UUID.randomUUID();
        String user = userToken(name);
        String userId = call("GET", user, "/api/v1/me", null, null).json().get("userId").asText();
        String admin = adminToken();
        String adminId = call("GET", admin, "/api/v1/me", null, null).json().get("userId").asText();

        Call submitted = call("POST", user, "/api/v1/analyses", "{\"ticker\": \"MSFT\", \"formType\": \"10-Q\"}",
                "req-" + name);
        assertThat(submitted.status()).isEqualTo(202);
        assertThat(submitted.requestId()).isEqualTo("req-" + name);
        String taskId = submitted.json().get("taskId").asText();
        Call granted = call("POST", admin, "/api/v1/admin/users/" + userId + "/credits",
                "{\"amountUsd\": 2.5, \"reason\": \"audit test\"}", null);
        assertThat(granted.status()).isEqualTo(200);
        assertThat(granted.requestId()).as("a request id is made when the caller sends none").matches("[0-9a-f-]{36}");
        assertThat(call("PUT", admin, "/api/v1/admin/users/" + userId + "/tier", "{\"tier\": \"PROFESSIONAL\"}", null)
                .status()).isEqualTo(200);
        assertThat(call("GET", admin, "/api/v1/admin/users/" + userId, null, "not a valid id!").status()).isEqualTo(200);

        Call page = call("GET", admin, "/api/v1/admin/audit?userId=" + userId, null, null);
        assertThat(page.status()).isEqualTo(200);
        List<JsonNode> rows = entries(page);
        assertThat(rows).extracting(r -> r.get("action").asText())
                .containsExactly("USER_ACCOUNT_READ", "USER_TIER_CHANGED", "CREDITS_GRANTED", "ANALYSIS_SUBMITTED");
        JsonNode submission = only(rows, "ANALYSIS_SUBMITTED");
        assertThat(submission.get("actorUserId").asText()).isEqualTo(userId);
        assertThat(submission.get("resource").asText()).isEqualTo("task:" + taskId);
        assertThat(submission.get("ipAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(submission.get("userAgent").asText()).isEqualTo("AuditApiTest/1.0 (+https://example.com)");
        assertThat(submission.get("requestId").asText()).isEqualTo("req-" + name);
        assertThat(submission.at("/details/ticker").asText()).isEqualTo("MSFT");
        assertThat(submission.at("/details/formType").asText()).isEqualTo("10-Q");
        assertThat(submission.at("/details/answer").asText()).isEqualTo("task-created");
        assertThat(submission.toString()).doesNotContain("@example.com");
        JsonNode grant = only(rows, "CREDITS_GRANTED");
        assertThat(grant.get("actorUserId").asText()).isEqualTo(adminId);
        assertThat(grant.get("resource").asText()).isEqualTo("user:" + userId);
        assertThat(grant.at("/details/amountUsd").asText()).isEqualTo("2.5000");
        assertThat(grant.get("requestId").asText()).isEqualTo(granted.requestId());
        assertThat(only(rows, "USER_TIER_CHANGED").at("/details/to").asText()).isEqualTo("PROFESSIONAL");
        assertThat(only(rows, "USER_ACCOUNT_READ").get("requestId").asText())
                .as("a malformed X-Request-Id is replaced").matches("[0-9a-f-]{36}");

        // Paged backwards, and bounded in time.
        Call first = call("GET", admin, "/api/v1/admin/audit?limit=3&userId=" + userId, null, null);
        assertThat(entries(first)).hasSize(3);
        long nextBefore = first.json().get("nextBefore").asLong();
        Call second = call("GET", admin, "/api/v1/admin/audit?limit=3&userId=" + userId + "&before=" + nextBefore, null, null);
        assertThat(entries(second)).extracting(r -> r.get("action").asText()).containsExactly("ANALYSIS_SUBMITTED");
        assertThat(second.json().get("nextBefore").isNull()).isTrue();
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        assertThat(entries(call("GET", admin, "/api/v1/admin/audit?userId=" + userId + "&to=" + today + "T00:00:00Z",
                null, null))).isEmpty();
        assertThat(entries(call("GET", admin, "/api/v1/admin/audit?userId=" + userId + "&from=" + today + "&to=" + tomorrow,
                null, null))).hasSize(4);

        // Reading the log is recorded too, by the administrator.
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE action = 'AUDIT_READ' AND actor_user_id = ?::uuid"
                + " AND details->>'userId' = ?", Integer.class, adminId, userId)).isGreaterThanOrEqualTo(5);
    }

    @Test
    void onlyAdministratorsReadTheLogAndBadQueriesAreTyped() {
        String user = userToken("curious-" + UUID.randomUUID());
        Call refused = call("GET", user, "/api/v1/admin/audit", null, null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("type").asText()).endsWith("/forbidden");

        String admin = adminToken();
        Call bad = call("GET", admin, "/api/v1/admin/audit?userId=someone&from=yesterday&limit=1000&before=x", null, null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").toString()).contains("userId", "from", "limit", "before");
        Call backwards = call("GET", admin, "/api/v1/admin/audit?from=2026-12-02&to=2026-12-01", null, null);
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.json().get("errors").toString()).contains("to");
        assertThat(call("POST", user, "/api/v1/admin/users/" + UUID.randomUUID() + "/erasure", null, null).status())
                .isEqualTo(403);
        assertThat(call("POST", admin, "/api/v1/admin/users/" + UUID.randomUUID() + "/erasure", null, null).status())
                .isEqualTo(404);
    }

    @Test
    void theDatabaseRefusesToChangeOrDeleteAuditRows() {
        String user = userToken("tamperer-" + UUID.randomUUID());
        String userId = call("GET", user, "/api/v1/me", null, null).json().get("userId").asText();
        call("POST", user, "/api/v1/analyses", "{\"ticker\": \"IBM\"}", null);
        Long id = jdbc.queryForObject("SELECT max(id) FROM audit_log WHERE actor_user_id = ?::uuid", Long.class, userId);
        assertThat(id).isNotNull();

        assertThatThrownBy(() -> jdbc.update("UPDATE audit_log SET action = 'AUDIT_READ' WHERE id = ?", id))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_log WHERE id = ?", id))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.execute("TRUNCATE audit_log"))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.execute("TRUNCATE usage_transactions"))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        // The purge's declaration does not reach rows younger than 30 days.
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
            jdbc.queryForObject("SELECT set_config('aperilex.purge', 'audit', true)", String.class);
            jdbc.update("DELETE FROM audit_log WHERE id = ?", id);
        })).isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        // The erasure's declaration allows clearing the address, nothing else.
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
            jdbc.queryForObject("SELECT set_config('aperilex.erasure', ?, true)", String.class, userId);
            jdbc.update("UPDATE audit_log SET ip_address = NULL, user_agent = NULL, resource = 'task:x' WHERE id = ?", id);
        })).isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThat(jdbc.queryForObject("SELECT ip_address FROM audit_log WHERE id = ?", String.class, id))
                .isEqualTo("127.0.0.1");
    }

    @Test
    void anErasureClearsTheUsersEmailAndAddressesAndKeepsTheirLedger() {
        String name = "leaving-" + UUID.randomUUID();
        String user = userToken(name);
        String userId = call("GET", user, "/api/v1/me", null, null).json().get("userId").asText();
        assertThat(call("POST", user, "/api/v1/analyses", "{\"ticker\": \"ORCL\"}", null).status()).isEqualTo(202);
        assertThat(call("POST", user, "/api/v1/analyses", "{\"ticker\": \"ORCL\", \"formType\": \"10-Q\"}", null)
                .status()).isEqualTo(202);
        int ledgerRows = jdbc.queryForObject("SELECT count(*) FROM usage_transactions WHERE user_id = ?::uuid",
                Integer.class, userId);
        String balance = jdbc.queryForObject("SELECT balance_usd::text FROM users WHERE id = ?::uuid", String.class, userId);
        String admin = adminToken();

        Call erased = call("POST", admin, "/api/v1/admin/users/" + userId + "/erasure", null, null);

        assertThat(erased.status()).isEqualTo(200);
        assertThat(erased.json().get("tasks").asInt()).isEqualTo(2);
        assertThat(erased.json().get("auditRows").asInt()).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT email FROM users WHERE id = ?::uuid", String.class, userId)).isNull();
        assertThat(jdbc.queryForObject("SELECT erased_at IS NOT NULL FROM users WHERE id = ?::uuid", Boolean.class, userId))
                .isTrue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM tasks WHERE user_id = ?::uuid AND email IS NOT NULL",
                Integer.class, userId)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM tasks WHERE user_id = ?::uuid", Integer.class, userId))
                .isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE actor_user_id = ?::uuid"
                + " AND (ip_address IS NOT NULL OR user_agent IS NOT NULL)", Integer.class, userId)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE actor_user_id = ?::uuid", Integer.class, userId))
                .isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM usage_transactions WHERE user_id = ?::uuid", Integer.class,
                userId)).isEqualTo(ledgerRows);
        assertThat(jdbc.queryForObject("SELECT balance_usd::text FROM users WHERE id = ?::uuid", String.class, userId))
                .isEqualTo(balance);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE action = 'USER_ERASED' AND resource = ?",
                Integer.class, "user:" + userId)).isEqualTo(1);
        // Again: nothing more to erase.
        Call again = call("POST", admin, "/api/v1/admin/users/" + userId + "/erasure", null, null);
        assertThat(again.json().get("tasks").asInt()).isZero();
        assertThat(again.json().get("auditRows").asInt()).isZero();
    }
}
