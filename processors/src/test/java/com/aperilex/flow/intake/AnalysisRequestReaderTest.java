package com.aperilex.flow.intake;

import com.aperilex.flow.problem.FieldError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aperilex.flow.domain.AnalysisRequest;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.domain.ModelTier;
import com.aperilex.flow.domain.Ticker;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AnalysisRequestReaderTest {
    private final AnalysisRequestReader reader = new AnalysisRequestReader(new ObjectMapper());

    private AnalysisRequest read(String json) {
        return reader.read("application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void defaultsToTheLatest10KAtSchemaVersion1() {
        AnalysisRequest request = read("{\"email\": \"a@example.com\", \"ticker\": \"aapl\"}");

        assertThat(request.company()).isEqualTo(Ticker.of("AAPL"));
        assertThat(request.formType()).isEqualTo(FormType.TEN_K);
        assertThat(request.wantsLatest()).isTrue();
        assertThat(request.schemaVersion()).isEqualTo(1);
    }

    @Test
    void acceptsCikAsStringOrNumberAndANamedAccession() {
        AnalysisRequest a = read("{\"email\": \"a@example.com\", \"cik\": \"0000320193\", \"formType\": \"10-Q\","
                + " \"accessionNumber\": \"0000320193-24-000123\"}");
        AnalysisRequest b = read("{\"email\": \"a@example.com\", \"cik\": 320193, \"accessionNumber\": null}");

        assertThat(a.company()).isEqualTo(new Cik(320193)).isEqualTo(b.company());
        assertThat(a.formType()).isEqualTo(FormType.TEN_Q);
        assertThat(a.accession()).isPresent();
        assertThat(b.wantsLatest()).isTrue();
    }

    @Test
    void reportsEveryInvalidFieldAtOnce() {
        assertThatThrownBy(() -> read("{\"email\": \"x\", \"ticker\": 5, \"formType\": \"10-Z\", \"schemaVersion\": 3}"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .contains("email", "ticker", "formType", "schemaVersion"));
    }

    @Test
    void rejectsNonJsonMediaTypes() {
        assertThatThrownBy(() -> reader.read("text/plain", "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UnsupportedMediaTypeException.class);
        assertThatThrownBy(() -> reader.read(null, "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UnsupportedMediaTypeException.class);
        assertThat(AnalysisRequestReader.isJson("application/merge-patch+json")).isTrue();
        assertThat(AnalysisRequestReader.isJson("APPLICATION/JSON")).isTrue();
    }

    @Test
    void rejectsMalformedAndNonObjectBodies() {
        for (String body : new String[] {"{", "[]", "\"text\"", "", "null"}) {
            assertThatThrownBy(() -> read(body)).as(body)
                    .isInstanceOfSatisfying(InvalidRequestException.class,
                            e -> assertThat(e.errors().get(0).field()).isEqualTo("body"));
        }
    }

    @Test
    void readsTheModelTierOrTheReadersDefault() {
        assertThat(read("{\"email\": \"a@example.com\", \"ticker\": \"AAPL\"}").modelTier())
                .isEqualTo(ModelTier.SMALL);
        assertThat(read("{\"email\": \"a@example.com\", \"ticker\": \"AAPL\", \"modelTier\": \"large\"}")
                .modelTier()).isEqualTo(ModelTier.LARGE);
        AnalysisRequestReader mediumByDefault = new AnalysisRequestReader(new ObjectMapper(), ModelTier.MEDIUM);
        assertThat(mediumByDefault.read("application/json",
                "{\"email\": \"a@example.com\", \"ticker\": \"AAPL\"}".getBytes(StandardCharsets.UTF_8))
                .modelTier()).isEqualTo(ModelTier.MEDIUM);
    }

    @Test
    void rejectsAnUnknownTierNamingTheField() {
        for (String tier : new String[] {"\"huge\"", "\"LARGE\"", "1", "[]"}) {
            assertThatThrownBy(() -> read("{\"email\": \"a@example.com\", \"ticker\": \"AAPL\", \"modelTier\": "
                    + tier + "}"))
                    .as(tier)
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                            .extracting(FieldError::field).containsExactly("modelTier"));
        }
    }
}
