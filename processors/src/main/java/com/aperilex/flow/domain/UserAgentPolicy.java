package com.aperilex.flow.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SEC fair access asks automated clients to declare themselves as "Company Name contact@email". The
 * service refuses to start with anything that is not plausibly that, so no pod ever calls EDGAR anonymously.
 */
public final class UserAgentPolicy {
    private static final Pattern SHAPE = Pattern.compile(
            "^(?<name>[\\p{L}\\p{N}][\\p{L}\\p{N} .,&'()-]*?)\\s+(?<email>[A-Za-z0-9._%+-]+@(?<domain>[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}))$");
    /** Placeholder domains (RFC 2606) are not a way to reach anyone. */
    private static final Set<String> PLACEHOLDER_DOMAINS = Set.of("example.com", "example.org", "example.net",
            "test.com", "localhost.localdomain");

    private UserAgentPolicy() {
    }

    /** Why the value is not an acceptable User-Agent, or empty when it is. */
    public static Optional<String> problem(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return Optional.of("aperilex.edgar.user-agent is required by SEC fair access: set it to "
                    + "\"Company Name contact@your-domain\" (environment: APERILEX_EDGAR_USERAGENT)");
        }
        Matcher m = SHAPE.matcher(userAgent.strip());
        if (!m.matches()) {
            return Optional.of("aperilex.edgar.user-agent must read \"Company Name contact@your-domain\", got \""
                    + userAgent + "\"");
        }
        String domain = m.group("domain").toLowerCase(Locale.ROOT);
        if (PLACEHOLDER_DOMAINS.contains(domain) || domain.endsWith(".example") || domain.endsWith(".invalid")
                || domain.endsWith(".test")) {
            return Optional.of("aperilex.edgar.user-agent must give a contact address SEC can reach, not " + domain);
        }
        return Optional.empty();
    }
}
