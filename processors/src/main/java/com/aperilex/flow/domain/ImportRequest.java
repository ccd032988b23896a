package com.aperilex.flow.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A bulk import ({@code POST /api/v1/imports}): the companies (named tickers or CIKs, or a universe), the forms, and
 * the filing dates from {@code from} to {@code to}, both included. Every filing that matches becomes one task in the
 * bulk lane.
 *
 * @param email     the requester's email: the identity in auth mode none, optional (the token's own) with tokens
 * @param companies the named companies in the caller's order, without repeats; empty when {@code universe} is set
 * @param universe  the company list the import covers instead, or null
 */
public record ImportRequest(Email email, List<CompanyIdentifier> companies, Universe universe, Set<FormType> formTypes,
                            LocalDate from, LocalDate to, int schemaVersion) {
    public static final int SCHEMA_VERSION = 1;

    public ImportRequest {
        companies = List.copyOf(companies);
        formTypes = Set.copyOf(formTypes);
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (companies.isEmpty() == (universe == null)) {
            throw new IllegalArgumentException("an import names companies or a universe, not both and not neither");
        }
        if (formTypes.isEmpty()) {
            throw new IllegalArgumentException("at least one form");
        }
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from is after to");
        }
    }
}
