package com.aperilex.flow.persistence;

import com.aperilex.flow.domain.AuditAction;
import com.aperilex.flow.domain.AuditEntry;
import com.aperilex.flow.domain.RequestOrigin;
import com.aperilex.flow.domain.UserId;
import com.aperilex.flow.domain.UserTier;
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
    private final AuditLog audit;

    public TierChanges(JdbcTemplate jdbc, TransactionTemplate tx, AuditLog audit) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
    }

    /**
     * Sets the user's tier; the previous tier, or empty when there is no such user.
     *
     * @param actor  the administrator's user id, or null when they have no user row (auth mode none)
     * @param origin the administrator's request, for the audit row
     */
    public Optional<UserTier> change(UserId user, UserTier tier, UserId actor, String reason, RequestOrigin origin) {
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
            audit.record(AuditEntry.of(actor, AuditAction.USER_TIER_CHANGED, "user:" + user.value(), details, origin));
            return Optional.of(UserTier.valueOf(previous.get(0)));
        });
    }
}
