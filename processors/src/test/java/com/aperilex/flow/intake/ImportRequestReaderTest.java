package com.aperilex.flow.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.domain.ImportRequest;
import com.aperilex.flow.domain.Ticker;
import com.aperilex.flow.domain.Universe;
import com.aperilex.flow.domain.UserId;
import com.aperilex.flow.problem.FieldError;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ImportRequestReaderTest {
    private static final LocalDate TODAY = LocalDate.parse("2026-12-01");
    private final ImportRequestReader reader = new ImportRequestReader(new ObjectMapper());

    private ImportRequest read(String json) {
        return reader.read("application/json", json.getBytes(StandardCharsets.UTF_8), TODAY);
    }

    private String errors(String json) {
        InvalidRequestException e = catchThrowableOfType(() -> read(json), InvalidRequestException.class);
        assertThat(e).as(json).isNotNull();
        return e.errors().stream().map(FieldError::field).toList().toString();
    }

    @Test
    void tickersWithDatesAndTheDefaultForms() {
        ImportRequest request = read("""
                {"tickers": ["aapl", "MSFT", "AAPL"], "from": "2024-12-01", "to": "2026-12-01"}""");
        assertThat(request.companies()).containsExactly(Ticker.of("AAPL"), Ticker.of("MSFT"));
        assertThat(request.universe()).isNull();
        assertThat(request.formTypes()).containsExactlyInAnyOrder(FormType.TEN_K, FormType.TEN_Q);
        assertThat(request.from()).isEqualTo(LocalDate.parse("2024-12-01"));
        assertThat(request.to()).isEqualTo(TODAY);
        assertThat(request.schemaVersion()).isEqualTo(ImportRequest.SCHEMA_VERSION);
    }

    @Test
    void ciksAsStringsOrNumbersAndYearsUpToToday() {
        ImportRequest request = read("""
                {"ciks": ["0000320193", 789019], "formTypes": ["8-K"], "years": 3}""");
        assertThat(request.companies()).containsExactly(new Cik(320193), new Cik(789019));
        assertThat(request.formTypes()).containsExactly(FormType.EIGHT_K);
        assertThat(request.from()).isEqualTo(LocalDate.parse("2023-12-01"));
        assertThat(request.to()).isEqualTo(TODAY);
    }

    @Test
    void theUniverseWithTwoYearsByDefault() {
        ImportRequest request = read("{\"universe\": \"SP500\"}");
        assertThat(request.universe()).isEqualTo(Universe.SP500);
        assertThat(request.companies()).isEmpty();
        assertThat(request.from()).isEqualTo(LocalDate.parse("2024-12-01"));
    }

    @Test
    void everyBadFieldIsNamedAtOnce() {
        assertThat(errors("{\"formTypes\": []}")).contains("tickers", "formTypes");
        assertThat(errors("{\"tickers\": [\"AAPL\"], \"ciks\": [1]}")).contains("universe");
        assertThat(errors("{\"tickers\": [\"not a ticker!\", 5], \"formTypes\": [\"10-k\"], \"years\": 0, \"extra\": 1}"))
                .contains("tickers[0]", "tickers[1]", "formTypes[0]", "years", "extra");
        assertThat(errors("{\"ciks\": [\"12345678901\"], \"from\": \"2026-13-01\", \"to\": \"2026-01-01\"}"))
                .contains("ciks[0]", "from");
        assertThat(errors("{\"tickers\": [\"AAPL\"], \"from\": \"2026-01-02\", \"to\": \"2026-01-01\"}")).contains("to");
        assertThat(errors("{\"tickers\": [\"AAPL\"], \"from\": \"2027-01-01\", \"to\": \"2027-02-01\"}")).contains("from");
        assertThat(errors("{\"tickers\": [\"AAPL\"], \"from\": \"1990-01-01\"}")).contains("from");
        assertThat(errors("{\"tickers\": [\"AAPL\"], \"to\": \"2026-01-01\"}")).contains("from");
        assertThat(errors("{\"tickers\": [\"AAPL\"], \"years\": 2, \"from\": \"2025-01-01\"}")).contains("years");
        assertThat(errors("{\"universe\": \"RUSSELL1000\"}")).contains("universe");
        assertThat(errors("{\"tickers\": []}")).contains("tickers");
        StringBuilder many = new StringBuilder("{\"ciks\": [");
        for (int i = 1; i <= ImportRequestReader.MAX_COMPANIES + 1; i++) {
            many.append(i == 1 ? "" : ",").append(i);
        }
        assertThat(errors(many.append("]}").toString())).contains("ciks");
    }

    @Test
    void theDedupKeyIgnoresOrderAndRepeatsButNotTheOwnerOrTheRange() {
        UserId owner = new UserId(UUID.randomUUID());
        String a = ImportRequestReader.dedupKey(owner, read("""
                {"tickers": ["MSFT", "AAPL"], "formTypes": ["10-Q", "10-K"], "years": 2}"""));
        String b = ImportRequestReader.dedupKey(owner, read("""
                {"tickers": ["AAPL", "msft", "AAPL"], "from": "2024-12-01", "to": "2026-12-01"}"""));
        assertThat(a).isEqualTo(b).hasSize(64);
        assertThat(ImportRequestReader.dedupKey(new UserId(UUID.randomUUID()), read("{\"tickers\": [\"AAPL\", \"MSFT\"]}")))
                .isNotEqualTo(a);
        assertThat(ImportRequestReader.dedupKey(owner, read("{\"tickers\": [\"AAPL\", \"MSFT\"], \"years\": 1}")))
                .isNotEqualTo(a);
    }
}
