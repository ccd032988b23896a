package com.aperilex.flow.accounts;

import com.aperilex.flow.domain.Account;
import com.aperilex.flow.domain.RateWindow;
import com.aperilex.flow.domain.RateLimitState;
import com.aperilex.flow.domain.RateLimitedException;
import com.aperilex.flow.persistence.RateLimitWindows;

import com.aperilex.flow.config.AperilexProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.stereotype.Component;

/**
 * Counts each request against the caller's hourly and daily windows, exact across replicas
 * ({@link RateLimitWindows}), or refuses it with 429 rate-limited. A user is limited by their tier's
 * requests-per-hour and requests-per-day (absent: unlimited); a caller without an account by the client address,
 * with aperilex.limits.anonymous-requests-per-hour and -per-day. The address is the servlet request's remote
 * address: behind a proxy Tomcat's RemoteIpValve (server.forward-headers-strategy=native) sets it from
 * X-Forwarded-For of trusted (private-address) proxies only, so a caller cannot choose it by sending the header.
 */
@Component("rateLimits")
public class RateLimits {
    private final RateLimitWindows windows;
    private final AperilexProperties properties;
    private final Clock clock;
    private final boolean authenticated;

    public RateLimits(RateLimitWindows windows, AperilexProperties properties, Clock clock) {
        this.windows = windows;
        this.properties = properties;
        this.clock = clock;
        this.authenticated = properties.auth().mode() == AperilexProperties.AuthMode.JWT;
    }

    /** The submit route's step: counts this request, returning the tightest window's state, or throws 429. */
    public RateLimitState take(@ExchangeProperty(Account.PROPERTY) Account account, Exchange exchange) {
        return count(account, clientAddress(exchange));
    }

    /**
     * Counts a request of the account in every window that limits it: the user's tier windows, and, for a caller
     * whose identity nobody vouched for (no account, or auth mode none, where the body's email is only a claim),
     * the client address's windows too, all or none of them. The state of the window with the fewest requests left.
     */
    public RateLimitState count(Account account, String clientAddress) {
        List<RateLimitWindows.Limit> limits = new ArrayList<>(4);
        if (!account.anonymous()) {
            String user = "user:" + account.userId().value();
            account.policy().hourlyLimit().ifPresent(l -> limits.add(new RateLimitWindows.Limit(user, RateWindow.HOUR, l)));
            account.policy().dailyLimit().ifPresent(l -> limits.add(new RateLimitWindows.Limit(user, RateWindow.DAY, l)));
        }
        if (account.anonymous() || !authenticated) {
            String address = "ip:" + clientAddress;
            limits.add(new RateLimitWindows.Limit(address, RateWindow.HOUR, properties.limits().anonymousRequestsPerHour()));
            limits.add(new RateLimitWindows.Limit(address, RateWindow.DAY, properties.limits().anonymousRequestsPerDay()));
        }
        if (limits.isEmpty()) {
            return RateLimitState.unlimited();
        }
        Instant now = clock.instant();
        // A limit of 0 admits nothing: no row is needed to refuse.
        for (RateLimitWindows.Limit limit : limits) {
            if (limit.limit() <= 0) {
                throw refusal(List.of(limit), now);
            }
        }
        List<Integer> used = windows.take(limits, now);
        List<RateLimitWindows.Limit> full = new ArrayList<>();
        RateLimitState tightest = null;
        for (int i = 0; i < limits.size(); i++) {
            RateLimitWindows.Limit limit = limits.get(i);
            if (used.get(i) == null) {
                full.add(limit);
                continue;
            }
            int remaining = Math.max(0, limit.limit() - used.get(i));
            RateLimitState state = new RateLimitState(true, limit.limit(), remaining, limit.window().secondsToReset(now));
            if (tightest == null || state.remaining() < tightest.remaining()) {
                tightest = state;
            }
        }
        if (!full.isEmpty()) {
            throw refusal(full, now);
        }
        return tightest;
    }

    /** The requests the account made in the current UTC hour and day (0 where none), e.g. for GET /api/v1/me. */
    public Map<RateWindow, Integer> usage(Account account, String clientAddress) {
        Map<RateWindow, Integer> used = windows.used(subject(account, clientAddress), clock.instant());
        for (RateWindow window : RateWindow.values()) {
            used.putIfAbsent(window, 0);
        }
        return used;
    }

    /** The purge route's step: removes windows that started longer than aperilex.limits.window-purge-after ago. */
    public int purgeExpired() {
        return windows.purgeStartedBefore(clock.instant().minus(properties.limits().windowPurgeAfter()));
    }

    /** The full window that frees up last decides when to retry: before then every request is refused. */
    private static RateLimitedException refusal(List<RateLimitWindows.Limit> full, Instant now) {
        RateLimitWindows.Limit last = full.get(0);
        for (RateLimitWindows.Limit limit : full) {
            if (limit.window().secondsToReset(now) > last.window().secondsToReset(now)) {
                last = limit;
            }
        }
        return new RateLimitedException(last.window(), last.limit(), last.window().secondsToReset(now),
                last.subject().startsWith("ip:"));
    }

    /** Whose windows: {@code user:<uuid>}, or {@code ip:<address>} for a caller without an account. */
    private static String subject(Account account, String clientAddress) {
        return account.anonymous() ? "ip:" + clientAddress : "user:" + account.userId().value();
    }

    private static String clientAddress(Exchange exchange) {
        PlatformHttpMessage message = exchange.getIn(PlatformHttpMessage.class);
        HttpServletRequest request = message == null ? null : message.getRequest();
        String address = request == null ? null : request.getRemoteAddr();
        return address == null || address.isBlank() ? "unknown" : address;
    }
}
