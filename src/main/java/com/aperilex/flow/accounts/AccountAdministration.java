package com.aperilex.flow.accounts;

import com.aperilex.flow.persistence.Ledger;
import com.aperilex.flow.intake.AdminRequestReader;
import com.aperilex.flow.intake.AdminRequestReader.CreditGrant;
import com.aperilex.flow.intake.AdminRequestReader.TierChange;
import com.aperilex.flow.domain.Caller;
import com.aperilex.flow.domain.UserId;
import com.aperilex.flow.persistence.TierChanges;
import com.aperilex.flow.queries.ResourceNotFoundException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * The admin account actions: a user's tier, and credits granted to them. Each leaves a row behind: the tier
 * change an audit_log row, the grant a CREDIT_GRANT ledger row naming the administrator (actor_user_id; null for
 * auth mode none's anonymous administrator, who has no user row) and the reason.
 * Both answer the user's account as it is afterwards.
 */
@Component("accountAdministration")
public class AccountAdministration {
    private final AdminRequestReader reader;
    private final TierChanges tierChanges;
    private final AccountQueries queries;
    private final Ledger ledger;

    public AccountAdministration(ObjectMapper mapper, TierChanges tierChanges, AccountQueries queries, Ledger ledger) {
        this.reader = new AdminRequestReader(mapper);
        this.tierChanges = tierChanges;
        this.queries = queries;
        this.ledger = ledger;
    }

    /** {@code PUT /api/v1/admin/users/{userId}/tier}. */
    public AccountStatement changeTier(@ExchangeProperty(Caller.PROPERTY) Caller caller, @Header("userId") String userId,
                                       @Header(Exchange.CONTENT_TYPE) String contentType, byte[] body) {
        AccountQueries.requireAdmin(caller);
        UserId user = AccountQueries.parseUserId(userId);
        TierChange change = reader.tierChange(contentType, body);
        tierChanges.change(user, change.tier(), actor(caller), change.reason())
                .orElseThrow(() -> new ResourceNotFoundException("no user " + user.value()));
        return queries.statement(user, AccountQueries.Page.parse(null, null));
    }

    /** {@code POST /api/v1/admin/users/{userId}/credits}. */
    public AccountStatement grantCredits(@ExchangeProperty(Caller.PROPERTY) Caller caller, @Header("userId") String userId,
                                         @Header(Exchange.CONTENT_TYPE) String contentType, byte[] body) {
        AccountQueries.requireAdmin(caller);
        UserId user = AccountQueries.parseUserId(userId);
        CreditGrant grant = reader.creditGrant(contentType, body);
        if (ledger.balance(user).isEmpty()) {
            throw new ResourceNotFoundException("no user " + user.value());
        }
        ledger.grant(user, grant.amountUsd(), grant.reason(), actor(caller));
        return queries.statement(user, AccountQueries.Page.parse(null, null));
    }

    /** The administrator's user id; mode none's anonymous administrator has no row and is recorded as null. */
    private static UserId actor(Caller caller) {
        return caller.hasUser() ? caller.userId() : null;
    }

}
