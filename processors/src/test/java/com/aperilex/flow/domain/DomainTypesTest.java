package com.aperilex.flow.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DomainTypesTest {

    @Test
    void emailIsTrimmedAndLowerCased() {
        assertThat(Email.of("  Jane.Doe+10k@Example.COM ").value()).isEqualTo("jane.doe+10k@example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "jane", "jane@", "@example.com", "jane@example", "ja ne@example.com", "a@b@example.com",
            ".jane@example.com", "jane..doe@example.com", "jane@-example.com"})
    void invalidEmailsAreRejected(String raw) {
        assertThatThrownBy(() -> Email.of(raw)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void tickerIsUpperCasedAndAcceptsClassShares() {
        assertThat(Ticker.of("brk-b").value()).isEqualTo("BRK-B");
        assertThat(Ticker.of("BRK.B").value()).isEqualTo("BRK.B");
        assertThat(Ticker.of("ABCDEFGHIJ").value()).hasSize(10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "ABCDEFGHIJK", "AA PL", "AAPL!", "ÄPFEL"})
    void invalidTickersAreRejected(String raw) {
        assertThatThrownBy(() -> Ticker.of(raw)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void cikIsRenderedZeroPaddedToTenDigits() {
        assertThat(Cik.of("320193").padded()).isEqualTo("0000320193");
        assertThat(Cik.of("0000320193")).isEqualTo(new Cik(320193));
        assertThat(new Cik(9_999_999_999L).padded()).isEqualTo("9999999999");
        assertThat(Cik.of("320193").token()).isEqualTo("cik:0000320193");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "12345678901", "-1", "32O193", "1e5"})
    void invalidCiksAreRejected(String raw) {
        assertThatThrownBy(() -> Cik.of(raw)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void accessionNumberKnowsItsArchivesFolder() {
        AccessionNumber accession = AccessionNumber.of("0000320193-24-000123");
        assertThat(accession.withoutDashes()).isEqualTo("000032019324000123");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "000032019324000123", "0000320193-24-123", "000320193-24-000123", "0000320193_24_000123"})
    void malformedAccessionNumbersAreRejected(String raw) {
        assertThatThrownBy(() -> AccessionNumber.of(raw)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void formTypesUseEdgarNamesExactly() {
        assertThat(FormType.fromEdgarName("10-K")).isEqualTo(FormType.TEN_K);
        assertThat(FormType.fromEdgarName("10-K/A")).isEqualTo(FormType.TEN_K_AMENDED);
        assertThat(FormType.fromEdgarName("DEF 14A")).isEqualTo(FormType.DEF_14A);
        assertThatThrownBy(() -> FormType.fromEdgarName("10-k")).isInstanceOf(InvalidValueException.class);
        assertThat(FormType.values()).hasSize(7);
    }

    @Test
    void openStatusesAreTheOnesStillInFlight() {
        assertThat(TaskStatus.PENDING.isOpen()).isTrue();
        assertThat(TaskStatus.RETRYING.isOpen()).isTrue();
        assertThat(TaskStatus.COMPLETED.isOpen()).isFalse();
        assertThat(TaskStatus.FAILED.isOpen()).isFalse();
        assertThat(AnalysisStatus.values()).hasSize(8);
    }

    @Test
    void idsParseOnlyCanonicalUuids() {
        String raw = "3f2c1a9e-8b1d-4c55-9a7e-2d4b6f8e0c11";
        assertThat(TaskId.parse(raw).toString()).isEqualTo(raw);
        assertThatThrownBy(() -> TaskId.parse("1-1-1-1-1")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> AnalysisId.parse("nope")).isInstanceOf(InvalidValueException.class);
        assertThat(FilingId.random()).isNotEqualTo(FilingId.random());
    }
}
