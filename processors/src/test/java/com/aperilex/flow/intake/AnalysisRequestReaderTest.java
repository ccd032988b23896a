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

    private static String bodyError(ThrowingBody call) {
        try {
            call.run();
        } catch (InvalidRequestException e) {
            assertThat(e.errors()).hasSize(1);
            assertThat(e.errors().get(0).field()).isEqualTo("body");
            return e.errors().get(0).message();
        }
        throw new AssertionError("expected a body error");
    }

    private interface ThrowingBody {
        void run();
    }

    @Test
    void duplicateKeysAreRejected() {
        String message = bodyError(() -> read("{\"email\": \"a@example.com\", \"ticker\": \"AAPL\", \"ticker\": \"MSFT\"}"));
        assertThat(message).startsWith("malformed JSON: duplicate field 'ticker'").contains("line 1");
    }

    @Test
    void trailingContentIsRejected() {
        for (String body : new String[] {"{\"email\": \"a@example.com\", \"ticker\": \"AAPL\"} {}",
                "{\"email\": \"a@example.com\", \"ticker\": \"AAPL\"} x", "{\"email\": \"a@example.com\", \"ticker\": \"AAPL\"}]"}) {
            assertThat(bodyError(() -> read(body))).as(body).startsWith("malformed JSON");
        }
        assertThat(bodyError(() -> read("{\"email\": \"a@example.com\", \"ticker\": \"AAPL\"} {}")))
                .startsWith("malformed JSON: content after the JSON value");
        // Whitespace after the object is not content.
        assertThat(read("{\"email\": \"a@example.com\", \"ticker\": \"AAPL\"} \n\t ").company()).isEqualTo(Ticker.of("AAPL"));
    }

    @Test
    void depthNumbersAndStringsAreBounded() {
        String deep = "{\"email\": " + "[".repeat(40) + "]".repeat(40) + "}";
        assertThat(bodyError(() -> read(deep))).startsWith("malformed JSON: nested deeper than 32 levels");
        String longNumber = "{\"email\": \"a@example.com\", \"cik\": " + "9".repeat(500) + "}";
        assertThat(bodyError(() -> read(longNumber))).startsWith("malformed JSON: a number longer than 100 characters");
        String longString = "{\"email\": \"" + "x".repeat(70_000) + "\"}";
        assertThat(bodyError(() -> read(longString))).startsWith("malformed JSON: a string longer than 65536 characters");
    }

    @Test
    void parserMessagesAreNotEchoed() {
        String message = bodyError(() -> read("{\"email\": secret-token-xyz}"));
        assertThat(message).startsWith("malformed JSON at line 1").doesNotContain("secret", "token", "Unrecognized");
    }

    @Test
    void invalidUtf8IsRejected() {
        byte[] body = "{\"email\": \"a@example.com\", \"ticker\": \"AA\u0000\"}".getBytes(StandardCharsets.UTF_8);
        body[body.length - 4] = (byte) 0xff;
        byte[] bad = body;
        assertThat(bodyError(() -> reader.read("application/json", bad))).startsWith("malformed JSON: the body is not valid UTF-8");
    }

    @Test
    void aCharsetOtherThanUtf8IsNotJson() {
        assertThat(AnalysisRequestReader.isJson("application/json; charset=UTF-8")).isTrue();
        assertThat(AnalysisRequestReader.isJson("application/json;charset=\"utf-8\"")).isTrue();
        assertThat(AnalysisRequestReader.isJson("application/json; charset=iso-8859-1")).isFalse();
        assertThat(AnalysisRequestReader.isJson("application/json; charset=utf-16")).isFalse();
        assertThat(AnalysisRequestReader.isJson("applİcation/json")).isFalse();
    }

    @Test
    void identifiersAreCheckedAsAsciiBeforeCaseFolding() {
        // U+017F LATIN SMALL LETTER LONG S upper-cases to 'S'; U+FB00 (ﬀ) to "FF"; U+212A KELVIN SIGN lower-cases to 'k'.
        assertThatThrownBy(() -> read("{\"email\": \"a@example.com\", \"ticker\": \"\u017fpy\"}"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("ticker"));
        for (String ticker : new String[] {"\uFB00", "\u2003AAPL", "AAPL\u00a0", "\uff21\uff21\uff30\uff2c"}) {
            assertThatThrownBy(() -> read("{\"email\": \"a@example.com\", \"ticker\": \"" + ticker + "\"}")).as(ticker)
                    .isInstanceOf(InvalidRequestException.class);
        }
        for (String email : new String[] {"\u212Aate@example.com", "jane@exampl\u212A.com", "\u017fam@example.com",
                "\u2003jane@example.com"}) {
            assertThatThrownBy(() -> read("{\"email\": \"" + email + "\", \"ticker\": \"AAPL\"}")).as(email)
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                            .extracting(FieldError::field).containsExactly("email"));
        }
        for (String field : new String[] {"\"formType\": \"10-\u212A\"", "\"modelTier\": \"\u017fmall\"",
                "\"modelTier\": \"SMALL\"", "\"accessionNumber\": \"\u0660000320193-24-000123\""}) {
            assertThatThrownBy(() -> read("{\"email\": \"a@example.com\", \"ticker\": \"AAPL\", " + field + "}")).as(field)
                    .isInstanceOf(InvalidRequestException.class);
        }
        assertThatThrownBy(() -> read("{\"email\": \"a@example.com\", \"cik\": \"\u0663\u0662\u0660\"}"))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void unknownFieldNamesAreEchoedOnlyWhenShortAscii() {
        assertThatThrownBy(() -> read("{\"email\": \"a@example.com\", \"ticker\": \"AAPL\", \"priority\": 1, \"<script>\": 1, \""
                + "x".repeat(100) + "\": 2}"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.errors()).extracting(FieldError::field).containsExactly("priority", "body");
                    assertThat(e.errors().get(1).message()).doesNotContain("script", "xxxx");
                });
        assertThat(new UnsupportedMediaTypeException("text/plain").getMessage()).contains("'text/plain'");
        assertThat(new UnsupportedMediaTypeException("text/" + "x".repeat(200)).getMessage()).doesNotContain("xxx");
    }
}
