package com.aperilex.flow.edgar;

/** An EDGAR document that does not have the shape SEC publishes; a transient fault from our side of view. */
public class EdgarFormatException extends RuntimeException {
    public EdgarFormatException(String message) {
        super(message);
    }
}
