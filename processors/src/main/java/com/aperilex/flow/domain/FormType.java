package com.aperilex.flow.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** SEC form types the service analyses, named as EDGAR names them ("10-K/A" is not "10-K"). */
public enum FormType {
    TEN_K("10-K"),
    TEN_K_AMENDED("10-K/A"),
    TEN_Q("10-Q"),
    EIGHT_K("8-K"),
    TWENTY_F("20-F"),
    DEF_14A("DEF 14A"),
    S_1("S-1");

    public static final FormType DEFAULT = TEN_K;

    private final String edgarName;

    FormType(String edgarName) {
        this.edgarName = edgarName;
    }

    @JsonValue
    public String edgarName() {
        return edgarName;
    }

    /** Exact EDGAR name, case-sensitive: "10-k" is rejected rather than guessed. */
    @JsonCreator
    public static FormType fromEdgarName(String name) {
        for (FormType type : values()) {
            if (type.edgarName.equals(name)) {
                return type;
            }
        }
        throw new InvalidValueException("formType must be one of " + allowedNames());
    }

    public static String allowedNames() {
        return Arrays.stream(values()).map(t -> '"' + t.edgarName + '"').collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return edgarName;
    }
}
