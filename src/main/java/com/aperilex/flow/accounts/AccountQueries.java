package com.aperilex.flow.accounts;

import com.aperilex.flow.persistence.Ledger;
import com.aperilex.flow.domain.LedgerEntry;
import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.Caller;
import com.aperilex.flow.domain.Email;
import com.aperilex.flow.domain.InvalidValueException;
import com.aperilex.flow.domain.UserId;
import com.aperilex.flow.intake.InvalidRequestException;
import com.aperilex.flow.persistence.AccountReads;
import com.aperilex.flow.persistence.Users;
import com.aperilex.flow.problem.FieldError;
import com.aperilex.flow.queries.ResourceNotFoundException;
import com.aperilex.flow.security.IdentityClaims;
import com.aperilex.flow.security.IdentityMismatchException;
import com.aperilex.flow.security.Identity;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * The account reads of the API: the caller's own ({@code GET /api/v1/me}) and any user's for administrators
 * ({@code GET /api/v1/admin/users/{userId}}), each with a page of the ledger ({@code ?before=&limit=}).
 */
@Component("accountQueries")
public class AccountQueries {
    static final int DEFAULT_PAGE = 20;
    static final int MAX_PAGE = 100;

    private final AccountReads reads;
    private final Ledger ledger;
    private final Users users;
    private final IdentityClaims claims;
    private final AperilexProperties properties;
    private final boolean tokens;
    private final Clock clock;

    public AccountQueries(AccountReads reads, Ledger ledger, Users users, IdentityClaims claims, AperilexProperties properties,
                          Clock clock) {
        this.reads = reads;
        this.ledger = ledger;
        this.users = users;
        this.claims = claims;
        this.properties = properties;
        this.tokens = properties.auth().mode() == AperilexProperties.AuthMode.JWT;
        this.clock = clock;
    }

    /**
     * The caller's account. With tokens it is the token's user (an {@code email} query, if given, must be
     * theirs); in auth mode none the {@code email} query names the account, as a POST's body does.
     */
    public AccountStatement me(@ExchangeProperty(Caller.PROPERTY) Caller caller, @Header("email") String email,
                               @Header("before") String before, @Header("limit") String limit) {
        Page page = Page.parse(before, limit);
        UserId user;
        if (tokens) {
            if (caller == null || !caller.hasUser()) {
                throw new IllegalStateException("an authenticated route ran without a caller");
            }
            if (email != null && !sameEmail(caller.email(), email)) {
                throw new IdentityMismatchException("The email asked for is not the authenticated caller's.");
            }
            user = caller.userId();
        } else {
            if (email == null || email.isBlank()) {
                throw new InvalidRequestException(List.of(new FieldError("email",
                        "required with aperilex.auth.mode none: the account's email")));
            }
            Email parsed;
            try {
                parsed = Email.of(email.strip());
            } catch (InvalidValueException e) {
                throw new InvalidRequestException(List.of(new FieldError("email", e.getMessage())));
            }
            Identity identity = claims.fromClaimedEmail(parsed);
            user = users.resolve(identity.subject(), identity.email());
        }
        return statement(user, page);
    }

    /** Any user's account, for administrators only. */
    public AccountStatement user(@ExchangeProperty(Caller.PROPERTY) Caller caller, @Header("userId") String userId,
                                 @Header("before") String before, @Header("limit") String limit) {
        requireAdmin(caller);
        UserId user = parseUserId(userId);
        return statement(user, Page.parse(before, limit));
    }

    AccountStatement statement(UserId user, Page page) {
        AccountReads.AccountRow row = reads.find(user, clock.instant())
                .orElseThrow(() -> new ResourceNotFoundException("no user " + user.value()));
        List<LedgerEntry> rows = ledger.entries(user, page.before(), page.limit() + 1);
        boolean more = rows.size() > page.limit();
        List<LedgerEntry> shown = more ? rows.subList(0, page.limit()) : rows;
        Long nextBefore = more ? shown.get(shown.size() - 1).id() : null;
        return new AccountStatement(row, properties.tiers().policy(row.tier()), shown, nextBefore);
    }

    /** Whether the query's email is the caller's, as emails compare (case-insensitively, like a request body's). */
    private static boolean sameEmail(Email callers, String asked) {
        if (callers == null) {
            return false;
        }
        try {
            return callers.equals(Email.of(asked.strip()));
        } catch (InvalidValueException e) {
            return false;
        }
    }

    static void requireAdmin(Caller caller) {
        if (caller == null || !caller.admin()) {
            throw new AdminOnlyException();
        }
    }

    /** A path's user id: a UUID in its canonical form, else 400 malformed-id. */
    static UserId parseUserId(String raw) {
        if (raw == null || !raw.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            throw new InvalidValueException("userId must be a UUID");
        }
        return new UserId(UUID.fromString(raw));
    }

    /** A ledger page: rows with an id below {@code before} (null: the newest), at most {@code limit}. */
    record Page(Long before, int limit) {
        static Page parse(String before, String limit) {
            return parse(before, limit, DEFAULT_PAGE, MAX_PAGE, "a transaction id");
        }

        /** A page of rows with ids below {@code before}; {@code idName} says in errors what the ids are. */
        static Page parse(String before, String limit, int defaultLimit, int maxLimit, String idName) {
            List<FieldError> errors = new ArrayList<>();
            Long b = null;
            if (before != null) {
                if (!before.matches("[1-9][0-9]{0,17}")) {
                    errors.add(new FieldError("before", "must be " + idName + " (a positive integer) from nextBefore"));
                } else {
                    b = Long.parseLong(before);
                }
            }
            int l = defaultLimit;
            if (limit != null) {
                if (!limit.matches("[1-9][0-9]{0,2}") || Integer.parseInt(limit) > maxLimit) {
                    errors.add(new FieldError("limit", "must be an integer from 1 to " + maxLimit));
                } else {
                    l = Integer.parseInt(limit);
                }
            }
            if (!errors.isEmpty()) {
                throw new InvalidRequestException(errors);
            }
            return new Page(b, l);
        }
    }
}
