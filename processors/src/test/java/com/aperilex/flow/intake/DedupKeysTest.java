package com.aperilex.flow.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.domain.AccessionNumber;
import com.aperilex.flow.domain.AnalysisRequest;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.Email;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.domain.ModelTier;
import com.aperilex.flow.domain.Ticker;
import com.aperilex.flow.domain.UserId;
import org.junit.jupiter.api.Test;

class DedupKeysTest {
    private static final UserId JANE = UserId.parse("11111111-2222-3333-4444-555555555555");
    private static final UserId JOHN = UserId.parse("99999999-2222-3333-4444-555555555555");

    private static AnalysisRequest request(String email, String ticker, FormType form, String accession) {
        return new AnalysisRequest(email == null ? null : Email.of(email), Ticker.of(ticker), form,
                accession == null ? null : AccessionNumber.of(accession), 1);
    }

    @Test
    void sameRequestBySameUserHasTheSameStableKey() {
        String a = DedupKeys.of(JANE, request("Jane@Example.com", "aapl", FormType.TEN_K, null));
        String b = DedupKeys.of(JANE, request(null, "AAPL", FormType.TEN_K, null));

        assertThat(a).isEqualTo(b).hasSize(64).matches("[0-9a-f]{64}");
        // Pinned: a change to the normalisation must bump its version, not silently change keys.
        assertThat(a).isEqualTo(DedupKeys.sha256Hex("v2|user:" + JANE + "|ticker:AAPL|10-K|LATEST"));
    }

    @Test
    void anyDifferenceInUserOrFilingChangesTheKey() {
        String base = DedupKeys.of(JANE, request("jane@example.com", "AAPL", FormType.TEN_K, null));

        // Another user asking for the same filing (even naming the same email) gets a key, and a task, of their own.
        assertThat(DedupKeys.of(JOHN, request("jane@example.com", "AAPL", FormType.TEN_K, null))).isNotEqualTo(base);
        assertThat(DedupKeys.of(JANE, request("jane@example.com", "MSFT", FormType.TEN_K, null))).isNotEqualTo(base);
        assertThat(DedupKeys.of(JANE, request("jane@example.com", "AAPL", FormType.TEN_K_AMENDED, null))).isNotEqualTo(base);
        assertThat(DedupKeys.of(JANE, request("jane@example.com", "AAPL", FormType.TEN_K, "0000320193-24-000123")))
                .isNotEqualTo(base);
        AnalysisRequest byCik = new AnalysisRequest(Email.of("jane@example.com"), new Cik(320193), FormType.TEN_K, null, 1);
        assertThat(DedupKeys.of(JANE, byCik)).isNotEqualTo(base);
    }

    @Test
    void theTierIsPartOfTheKeyAndSmallAddsNoField() {
        AnalysisRequest small = request("jane@example.com", "AAPL", FormType.TEN_K, null);
        AnalysisRequest large = new AnalysisRequest(small.email(), small.company(), small.formType(), null, 1,
                ModelTier.LARGE);
        AnalysisRequest medium = new AnalysisRequest(small.email(), small.company(), small.formType(), null, 1,
                ModelTier.MEDIUM);
        assertThat(small.modelTier()).isEqualTo(ModelTier.SMALL);
        assertThat(DedupKeys.of(JANE, small))
                .isEqualTo(DedupKeys.sha256Hex("v2|user:" + JANE + "|ticker:AAPL|10-K|LATEST"));
        assertThat(DedupKeys.of(JANE, large))
                .isEqualTo(DedupKeys.sha256Hex("v2|user:" + JANE + "|ticker:AAPL|10-K|LATEST|tier:large"))
                .isNotEqualTo(DedupKeys.of(JANE, small)).isNotEqualTo(DedupKeys.of(JANE, medium));
    }
}
