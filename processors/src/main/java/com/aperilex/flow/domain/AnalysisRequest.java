package com.aperilex.flow.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * A validated request for the analysis of one filing: who asks, which company, which form, and
 * either a named accession or "the latest of that form".
 *
 * @param accessionNumber the named filing, or null for the latest filing of {@code formType}
 * @param schemaVersion   the request schema version the caller spoke
 * @param modelTier       the model tier asked for, the configured default tier when the caller named none
 */
public record AnalysisRequest(
        Email email, CompanyIdentifier company, FormType formType, AccessionNumber accessionNumber, int schemaVersion,
        ModelTier modelTier) {

    public AnalysisRequest {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(company, "company");
        Objects.requireNonNull(formType, "formType");
        Objects.requireNonNull(modelTier, "modelTier");
    }

    /** A request of the {@link ModelTier#DEFAULT} tier. */
    public AnalysisRequest(Email email, CompanyIdentifier company, FormType formType, AccessionNumber accessionNumber,
                           int schemaVersion) {
        this(email, company, formType, accessionNumber, schemaVersion, ModelTier.DEFAULT);
    }

    public Optional<AccessionNumber> accession() {
        return Optional.ofNullable(accessionNumber);
    }

    public boolean wantsLatest() {
        return accessionNumber == null;
    }

    public Optional<Ticker> ticker() {
        return company instanceof Ticker t ? Optional.of(t) : Optional.empty();
    }

    public Optional<Cik> cik() {
        return company instanceof Cik c ? Optional.of(c) : Optional.empty();
    }
}
