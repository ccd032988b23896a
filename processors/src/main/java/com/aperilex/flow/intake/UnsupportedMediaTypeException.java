package com.aperilex.flow.intake;

/** The request body is not JSON. */
public final class UnsupportedMediaTypeException extends RuntimeException {
    public UnsupportedMediaTypeException(String contentType) {
        super("Content-Type must be application/json (UTF-8), was " + shown(contentType));
    }

    /** The caller's own header, echoed only when it is short printable ASCII. */
    private static String shown(String contentType) {
        if (contentType == null) {
            return "absent";
        }
        if (contentType.length() > 100 || !contentType.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return "another type";
        }
        return "'" + contentType + "'";
    }
}
