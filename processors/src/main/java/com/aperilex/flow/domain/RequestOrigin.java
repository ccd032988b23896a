package com.aperilex.flow.domain;

import java.util.regex.Pattern;

/**
 * Where an API request came from, as the audit log records it.
 *
 * @param ipAddress the client address (behind a trusted proxy, the one X-Forwarded-For names), or null
 * @param userAgent the User-Agent header, at most {@value #MAX_USER_AGENT} characters, or null
 * @param requestId the request's id (X-Request-Id: the caller's when well formed, else one the service made)
 */
public record RequestOrigin(String ipAddress, String userAgent, String requestId) {
    public static final int MAX_USER_AGENT = 512;
    public static final int MAX_IP = 45;
    /** A caller's X-Request-Id is kept when it is 1 to 100 of these characters; otherwise the service makes one. */
    public static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    /** No request behind the row: a scheduled job's action. */
    public static final RequestOrigin NONE = new RequestOrigin(null, null, null);

    public RequestOrigin {
        if (ipAddress != null && ipAddress.length() > MAX_IP) {
            throw new IllegalArgumentException("not an IP address: too long");
        }
        if (userAgent != null) {
            userAgent = userAgent.strip();
            if (userAgent.isEmpty()) {
                userAgent = null;
            } else if (userAgent.length() > MAX_USER_AGENT) {
                userAgent = userAgent.substring(0, MAX_USER_AGENT);
            }
        }
        if (requestId != null && !REQUEST_ID.matcher(requestId).matches()) {
            throw new IllegalArgumentException("a request id is 1 to 100 of [A-Za-z0-9._:-]");
        }
    }
}
