package com.aperilex.flow.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * GET /api/v1/me and the admin account endpoints in mode jwt against a real OIDC provider: a user sees their own
 * tier, limits, usage, balance and ledger (paged); administrators read any account, change its tier and grant
 * credits, each leaving an audit or ledger row; everyone else is refused. Every exchange is checked against the
 * OpenAPI document.
 */
class AccountApiTest extends JwtAccountsTestSupport {

    private Reply call(String method, String token, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token);
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return send(request.build());
    }

    @Test
    void aNewUserSeesTheirTierLimitsAndTheirFirstMonthlyCredits() {
        Reply me = call("GET", newUserToken(), "/api/v1/me", null);

        assertThat(me.status()).isEqualTo(200);
        JsonNode account = me.json();
        assertThat(account.get("tier").asText()).isEqualTo("BASIC");
        assertThat(account.get("email").asText()).startsWith("user-");
        assertThat(account.at("/limits/requestsPerHour").asInt()).isEqualTo(100);
        assertThat(account.at("/limits/requestsPerDay").asInt()).isEqualTo(1000);
        assertThat(account.at("/limits/concurrentAnalyses").asInt()).isEqualTo(3);
        assertThat(account.at("/limits/universe").asText()).isEqualTo("RUSSELL1000");
        assertThat(account.at("/limits/filingAccessFeeUsd").decimalValue()).isEqualByComparingTo("0.10");
        assertThat(account.at("/usage/requestsThisHour").asInt()).isZero();
        assertThat(account.get("openTasks").asInt()).isZero();
        assertThat(account.get("balanceUsd").decimalValue()).isEqualByComparingTo("5");
        assertThat(account.get("transactions")).hasSize(1);
        assertThat(account.at("/transactions/0/amountUsd").decimalValue()).isEqualByComparingTo("5");
        assertThat(account.at("/transactions/0/balanceAfterUsd").decimalValue()).isEqualByComparingTo("5");
        assertThat(account.get("creditsResetOn").isNull()).isFalse();
    }

    @Test
    void anAdministratorGrantsCreditsAndChangesTiersAndTheLedgerPagesBackwards() {
        String user = newUserToken();
        String userId = call("GET", user, "/api/v1/me", null).json().get("userId").asText();
        String admin = adminToken();

        for (int i = 1; i <= 3; i++) {
            Reply granted = call("POST", admin, "/api/v1/admin/users/" + userId + "/credits",
                    "{\"amountUsd\": 1.25, \"reason\": \"goodwill " + i + "\"}");
            assertThat(granted.status()).isEqualTo(200);
        }
        Reply changed = call("PUT", admin, "/api/v1/admin/users/" + userId + "/tier",
                "{\"tier\": \"PROFESSIONAL\", \"reason\": \"upgraded by sales\"}");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("tier").asText()).isEqualTo("PROFESSIONAL");
        assertThat(changed.json().at("/limits/concurrentAnalyses").asInt()).isEqualTo(10);

        Reply page1 = call("GET", user, "/api/v1/me?limit=2", null);
        assertThat(page1.json().get("balanceUsd").decimalValue()).isEqualByComparingTo("8.75");
        assertThat(page1.json().get("transactions")).hasSize(2);
        assertThat(page1.json().at("/transactions/0/description").asText()).isEqualTo("goodwill 3");
        assertThat(page1.json().at("/transactions/0/type").asText()).isEqualTo("CREDIT_GRANT");
        long nextBefore = page1.json().get("nextBefore").asLong();
        Reply page2 = call("GET", user, "/api/v1/me?limit=2&before=" + nextBefore, null);
        assertThat(page2.json().get("transactions")).hasSize(2);
        assertThat(page2.json().at("/transactions/0/description").asText()).isEqualTo("goodwill 1");
        assertThat(page2.json().get("nextBefore").isNull()).isTrue();

        BigDecimal ledgerSum = jdbc.queryForObject("SELECT sum(amount_usd) FROM usage_transactions WHERE user_id = ?::uuid",
                BigDecimal.class, userId);
        assertThat(ledgerSum).isEqualByComparingTo("8.75");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM usage_transactions WHERE user_id = ?::uuid"
                + " AND type = 'CREDIT_GRANT' AND actor_user_id IS NOT NULL", Integer.class, userId)).isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT details->>'to' FROM audit_log WHERE resource = ? AND action = 'USER_TIER_CHANGED'",
                String.class, "user:" + userId)).isEqualTo("PROFESSIONAL");

        Reply viewed = call("GET", admin, "/api/v1/admin/users/" + userId, null);
        assertThat(viewed.status()).isEqualTo(200);
        assertThat(viewed.json().get("tier").asText()).isEqualTo("PROFESSIONAL");
    }

    @Test
    void whoIsNotAnAdministratorIsRefusedAndBadInputIsTyped() {
        String user = newUserToken();
        String userId = call("GET", user, "/api/v1/me", null).json().get("userId").asText();

        Reply refused = call("POST", user, "/api/v1/admin/users/" + userId + "/credits",
                "{\"amountUsd\": 100, \"reason\": \"self-service\"}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("type").asText()).endsWith("/forbidden");
        assertThat(call("PUT", user, "/api/v1/admin/users/" + userId + "/tier", "{\"tier\": \"ENTERPRISE\"}").status())
                .isEqualTo(403);
        assertThat(call("GET", user, "/api/v1/admin/users/" + userId, null).status()).isEqualTo(403);
        assertThat(jdbc.queryForObject("SELECT tier FROM users WHERE id = ?::uuid", String.class, userId)).isEqualTo("BASIC");

        String admin = adminToken();
        Reply invalid = call("POST", admin, "/api/v1/admin/users/" + userId + "/credits",
                "{\"amountUsd\": -5, \"reason\": \"\", \"extra\": 1}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("errors").toString()).contains("amountUsd", "reason", "extra");
        Reply tooPrecise = call("POST", admin, "/api/v1/admin/users/" + userId + "/credits",
                "{\"amountUsd\": 0.00001, \"reason\": \"dust\"}");
        assertThat(tooPrecise.status()).isEqualTo(400);
        Reply unknownTier = call("PUT", admin, "/api/v1/admin/users/" + userId + "/tier", "{\"tier\": \"gold\"}");
        assertThat(unknownTier.status()).isEqualTo(400);
        assertThat(call("GET", admin, "/api/v1/admin/users/" + UUID.randomUUID(), null).status()).isEqualTo(404);
        assertThat(call("GET", admin, "/api/v1/admin/users/not-a-uuid", null).status()).isEqualTo(400);
        assertThat(call("GET", user, "/api/v1/me?limit=0", null).status()).isEqualTo(400);
        assertThat(call("GET", user, "/api/v1/me?before=abc", null).status()).isEqualTo(400);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM usage_transactions WHERE user_id = ?::uuid", Integer.class,
                userId)).isEqualTo(1);
    }
}
