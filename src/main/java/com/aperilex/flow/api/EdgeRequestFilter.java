package com.aperilex.flow.api;

import com.aperilex.flow.problem.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first filter of every request: refuses, before anything else reads the request, what no legitimate
 * caller of this service sends.
 * <ul>
 *   <li>400 for a path that is not plain: any {@code %} escape, a {@code ;} path parameter, {@code //},
 *   {@code .} or {@code ..} segments, a backslash, a control or non-ASCII character. Our URL space is fixed
 *   ASCII words and UUIDs, so no legitimate path needs encoding, and refusing them means every later
 *   component (the body limit, the router, the security chain) sees a path whose raw and decoded forms are
 *   the same: {@code /%61pi/v1/analyses} cannot reach a route while bypassing a check that matched the raw
 *   form. Spring Security's StrictHttpFirewall refuses much the same; this filter answers first.</li>
 *   <li>400 for a query string that is not valid percent-encoding or decodes to control characters, and for
 *   header values with control characters (what the firewall refuses as well).</li>
 *   <li>405 for a method outside GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS (the firewall's list).</li>
 *   <li>415 for a body with a {@code Content-Encoding} other than identity (nothing here inflates bodies),
 *   and for form bodies ({@code application/x-www-form-urlencoded}, {@code multipart/*}): the API takes
 *   JSON only, and a form body would otherwise be parsed into parameters by the container and Camel's
 *   binding (which then hands the route a Map instead of the body: that was a 500).</li>
 * </ul>
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class EdgeRequestFilter extends OncePerRequestFilter {
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        String instance = ProblemResponses.instance(path);
        String protocol = request.getProtocol();
        if (protocol == null || protocol.isEmpty() || protocol.equals("HTTP/0.9")) {
            // HTTP/0.9 (Tomcat leaves its protocol empty) has no status line or headers: the problem body is all
            // that can be said, and nothing else is served over it.
            ProblemResponses.write(response, ProblemType.BAD_REQUEST, "HTTP/0.9 is not supported; use HTTP/1.1.", instance, true);
            return;
        }
        if (!METHODS.contains(request.getMethod())) {
            response.setHeader("Allow", "GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS");
            ProblemResponses.write(response, ProblemType.METHOD_NOT_ALLOWED,
                    "The method is not one this service answers.", instance, true);
            return;
        }
        String pathProblem = pathProblem(path);
        if (pathProblem != null) {
            ProblemResponses.write(response, ProblemType.BAD_REQUEST, pathProblem, instance, true);
            return;
        }
        if (!validQuery(request.getQueryString())) {
            ProblemResponses.write(response, ProblemType.BAD_REQUEST,
                    "The query string is not valid percent-encoded text.", instance, true);
            return;
        }
        if (!validHeaders(request)) {
            ProblemResponses.write(response, ProblemType.BAD_REQUEST,
                    "A header value contains control characters.", instance, true);
            return;
        }
        String encoding = request.getHeader("Content-Encoding");
        if (encoding != null && !encoding.trim().toLowerCase(Locale.ROOT).equals("identity")) {
            ProblemResponses.write(response, ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "Request bodies must not be content-encoded (no Content-Encoding, or identity).", instance, true);
            return;
        }
        if (isForm(request.getContentType())) {
            ProblemResponses.write(response, ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "Form bodies are not accepted; send application/json.", instance, true);
            return;
        }
        chain.doFilter(request, response);
    }

    /** Why the raw path is refused, or null when it is plain. */
    static String pathProblem(String path) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            return "The path must start with '/'.";
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return "The path must be printable ASCII.";
            } else if (c == '%') {
                return "The path must not contain percent-encoding; no resource of this service needs it.";
            } else if (c == ';') {
                return "The path must not contain ';' parameters.";
            } else if (c == '\\') {
                return "The path must not contain backslashes.";
            }
        }
        if (path.contains("//")) {
            return "The path must not contain empty segments ('//').";
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return "The path must not contain '.' or '..' segments.";
            }
        }
        return null;
    }

    /** Valid percent-encoding whose decoded names and values have no control characters. */
    static boolean validQuery(String query) {
        if (query == null) {
            return true;
        }
        if (query.length() > 2048) {
            return false;
        }
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
            if (c == '%') {
                if (i + 2 >= query.length() || hex(query.charAt(i + 1)) < 0 || hex(query.charAt(i + 2)) < 0) {
                    return false;
                }
                int decoded = hex(query.charAt(i + 1)) * 16 + hex(query.charAt(i + 2));
                if (decoded < 0x20 || decoded == 0x7f) {
                    return false;
                }
                i += 2;
            }
        }
        return true;
    }

    private static int hex(char c) {
        return Character.digit(c, 16) >= 0 && c < 0x80 ? Character.digit(c, 16) : -1;
    }

    /** Header values: no control characters besides tab (the container already refuses CR, LF and NUL). */
    private static boolean validHeaders(HttpServletRequest request) {
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
            for (Enumeration<String> values = request.getHeaders(names.nextElement()); values.hasMoreElements(); ) {
                String value = values.nextElement();
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    if ((c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/x-www-form-urlencoded") || type.startsWith("multipart/");
    }
}
