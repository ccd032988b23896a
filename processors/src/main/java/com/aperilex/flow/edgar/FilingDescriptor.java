package com.aperilex.flow.edgar;

import com.aperilex.flow.domain.AccessionNumber;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.domain.Ticker;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One filing as a data source resolved it, before its document is fetched: the contract every source
 * route's {@code direct:<source>-resolve-filing} returns and its {@code direct:<source>-fetch-document} takes.
 *
 * @param ticker          the ticker the caller used, or the company's first ticker, or null
 * @param periodOfReport  the period the filing reports on (EDGAR's reportDate), may be null
 * @param primaryDocument the file name of the filing's main document, e.g. aapl-20240928.htm
 * @param documentUrl     where the primary document is fetched from
 */
public record FilingDescriptor(
        String source,
        Cik cik,
        Ticker ticker,
        String companyName,
        AccessionNumber accessionNumber,
        FormType formType,
        LocalDate filingDate,
        LocalDate periodOfReport,
        String primaryDocument,
        String documentUrl) {

    public FilingDescriptor {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(cik, "cik");
        Objects.requireNonNull(accessionNumber, "accessionNumber");
        Objects.requireNonNull(formType, "formType");
        Objects.requireNonNull(primaryDocument, "primaryDocument");
        Objects.requireNonNull(documentUrl, "documentUrl");
    }
}
