package com.aperilex.flow.accounts;

import com.aperilex.flow.persistence.Ledger;
import com.aperilex.flow.intake.AdminRequestReader;
import com.aperilex.flow.intake.AdminRequestReader.CreditGrant;
import com.aperilex.flow.intake.AdminRequestReader.TierChange;
import com.aperilex.flow.domain.Caller;
import com.aperilex.flow.domain.UserId;
import com.aperilex.flow.persistence.TierChanges;
import com.aperilex.flow.domain.AuditAction;
import com.aperilex.flow.domain.AuditEntry;
import com.aperilex.flow.domain.LedgerEntry;
import com.aperilex.flow.domain.RequestOrigin;
import com.aperilex.flow.persistence.AuditLog;
import com.aperilex.flow.persistence.PersonalDataErasure;
import com.aperilex.flow.persistence.PersonalDataErasure.Erasure;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.transaction.support.TransactionTemplate;
import com.aperilex.flow.queries.ResourceNotFoundException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * The admin account actions: a user's tier, credits granted to them, and the erasure of their personal data. Each
 * writes an audit_log row with the administrator's request (address, user agent, request id) in the same
 * transaction as the change; the grant also a CREDIT_GRANT ledger row naming the administrator (actor_user_id; null
 * for auth mode none's anonymous administrator, who has no user row) and the reason.
 * The tier change and the grant answer the user's account as it is afterwards.
 */
@Component("accountAdministration")
public class AccountAdministration {
    private final AdminRequestReader reader;
    private final TierChanges tierChanges;
    private final AccountQueries queries;
    private final Ledger ledger;
    private final AuditLog audit;
    private final PersonalDataErasure erasure;
    private final TransactionTemplate tx;
    private final Clock clock;

    public AccountAdministration(ObjectMapper mapper, TierChanges tierChanges, AccountQueries queries, Ledger ledger,
                                 AuditLog audit, PersonalDataErasure erasure, TransactionTemplate tx, Clock clock) {
        this.reader = new AdminRequestReader(mapper);
        this.tierChanges = tierChanges;
        this.queries = queries;
        this.ledger = ledger;
        this.audit = audit;
        this.erasure = erasure;
        this.tx = tx;
        this.clock = clock;
    }

    /** {@code PUT /api/v1/admin/users/{userId}/tier}. */
    public AccountStatement changeTier(@ExchangeProperty(Caller.PROPERTY) Caller caller,
                                       @ExchangeProperty("origin") RequestOrigin origin, @Header("userId") String userId,
                                       @Header(Exchange.CONTENT_TYPE) String contentType, byte[] body) {
        AccountQueries.requireAdmin(caller);
        UserId user = AccountQueries.parseUserId(userId);
        TierChange change = reader.tierChange(contentType, body);
        tierChanges.change(user, change.tier(), actor(caller), change.reason(), origin)
                .orElseThrow(() -> new ResourceNotFoundException("no user " + user.value()));
        return queries.statement(user, AccountQueries.Page.parse(null, null));
    }

    /** {@code POST /api/v1/admin/users/{userId}/credits}. */
    public AccountStatement grantCredits(@ExchangeProperty(Caller.PROPERTY) Caller caller,
                                         @ExchangeProperty("origin") RequestOrigin origin, @Header("userId") String userId,
                                         @Header(Exchange.CONTENT_TYPE) String contentType, byte[] body) {
        AccountQueries.requireAdmin(caller);
        UserId user = AccountQueries.parseUserId(userId);
        CreditGrant grant = reader.creditGrant(contentType, body);
        if (ledger.balance(user).isEmpty()) {
            throw new ResourceNotFoundException("no user " + user.value());
        }
        tx.executeWithoutResult(status -> {
            LedgerEntry entry = ledger.grant(user, grant.amountUsd(), grant.reason(), actor(caller));
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("amountUsd", entry.amountUsd().toPlainString());
            details.put("reason", grant.reason());
            details.put("transactionId", entry.id());
            audit.record(AuditEntry.of(actor(caller), AuditAction.CREDITS_GRANTED, "user:" + user.value(), details, origin));
        });
        return queries.statement(user, AccountQueries.Page.parse(null, null));
    }

    /**
     * {@code POST /api/v1/admin/users/{userId}/erasure}: a privacy request's erasure of the user's email and the
     * client addresses and user agents recorded for them (PersonalDataErasure); the ledger stays.
     */
    public Erasure erase(@ExchangeProperty(Caller.PROPERTY) Caller caller, @ExchangeProperty("origin") RequestOrigin origin,
                         @Header("userId") String userId) {
        AccountQueries.requireAdmin(caller);
        UserId user = AccountQueries.parseUserId(userId);
        return erasure.erase(user, actor(caller), origin, clock.instant())
                .orElseThrow(() -> new ResourceNotFoundException("no user " + user.value()));
    }

    /** The administrator's user id; mode none's anonymous administrator has no row and is recorded as null. */
    private static UserId actor(Caller caller) {
        return caller.hasUser() ? caller.userId() : null;
    }

}
