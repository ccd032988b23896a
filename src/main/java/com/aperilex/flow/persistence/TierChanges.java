package com.aperilex.flow.persistence;

import com.aperilex.flow.domain.UserId;
import com.aperilex.flow.domain.UserTier;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** An administrator's change of a user's tier, with its audit_log row, in one transaction. */
@Repository
public class TierChanges {
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper mapper;

    public TierChanges(JdbcTemplate jdbc, TransactionTemplate tx, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.mapper = mapper;
    }

    /**
     * Sets the user's tier; the previous tier, or empty when there is no such user.
     *
     * @param actor the administrator's user id, or null when they have no user row (auth mode none)
     */
    public Optional<UserTier> change(UserId user, UserTier tier, UserId actor, String reason) {
        return tx.execute(status -> {
            List<String> previous = jdbc.queryForList("SELECT tier FROM users WHERE id = ? FOR NO KEY UPDATE", String.class,
                    user.value());
            if (previous.isEmpty()) {
                return Optional.<UserTier>empty();
            }
            jdbc.update("UPDATE users SET tier = ? WHERE id = ?", tier.name(), user.value());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("from", previous.get(0));
            details.put("to", tier.name());
            if (reason != null) {
                details.put("reason", reason);
            }
            jdbc.update("INSERT INTO audit_log (actor_user_id, action, resource, details) VALUES (?, ?, ?, ?::jsonb)",
                    actor == null ? null : actor.value(), "USER_TIER_CHANGED", "user:" + user.value(), json(details));
            return Optional.of(UserTier.valueOf(previous.get(0)));
        });
    }

    private String json(Map<String, Object> details) {
        try {
            return mapper.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit details always serialise", e);
        }
    }
}
