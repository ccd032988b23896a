package com.aperilex.flow.storage;

import java.util.regex.Pattern;

/**
 * A key in document storage, e.g. {@code filings/0000320193/0000320193-24-000123/aapl-20240928.htm}.
 * Relative, slash-separated, no "." or ".." segments: it maps onto a folder path or an S3 key alike.
 */
public record StorageKey(String value) {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");

    public StorageKey {
        if (value == null || value.isEmpty() || value.length() > 1024) {
            throw new IllegalArgumentException("storage key must be 1 to 1024 characters");
        }
        for (String segment : value.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.equals("..")) {
                throw new IllegalArgumentException("invalid storage key segment '" + segment + "' in " + value);
            }
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
