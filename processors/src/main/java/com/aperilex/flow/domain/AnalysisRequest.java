package com.aperilex.flow.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * A validated request for the analysis of one filing: which company, which form, and either a named accession
 * or "the latest of that form", with the email of who asks when known. Who asks is the {@link Caller} (the
 * token's subject); the email is the caller's, kept on the task for support and notifications.
 *
 * @param email           the requester's email: the body's {@code email} as read, then the caller's verified
 *                        email once intake has checked the two agree; null when neither names one
 * @param accessionNumber the named filing, or null for the latest filing of {@code formType}
 * @param schemaVersion   the request schema version the caller spoke
 * @param modelTier       the model tier asked for, the configured default tier when the caller named none
 */
public record AnalysisRequest(
        Email email, CompanyIdentifier company, FormType formType, AccessionNumber accessionNumber, int schemaVersion,
        ModelTier modelTier) {

    public AnalysisRequest {
        Objects.requireNonNull(company, "company");
        Objects.requireNonNull(formType, "formType");
        Objects.requireNonNull(modelTier, "modelTier");
    }

    /** A request of the {@link ModelTier#DEFAULT} tier. */
    public AnalysisRequest(Email email, CompanyIdentifier company, FormType formType, AccessionNumber accessionNumber,
                           int schemaVersion) {
        this(email, company, formType, accessionNumber, schemaVersion, ModelTier.DEFAULT);
    }

    /** The same request asked by the owner of {@code requesterEmail} (null: no email known). */
    public AnalysisRequest withEmail(Email requesterEmail) {
        return new AnalysisRequest(requesterEmail, company, formType, accessionNumber, schemaVersion, modelTier);
    }

    public Optional<Email> requesterEmail() {
        return Optional.ofNullable(email);
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
