package com.aperilex.flow.edgar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * On a real accession-folder listing (DatChat's 8-K 0001213900-24-004875, copied from the corpus into the
 * project's own test resources): its three EX-99 press releases, not their images, not EX-1.1 or EX-5.1.
 */
class ExhibitIndexTest {

    private static byte[] datChat() throws IOException {
        try (InputStream in = ExhibitIndexTest.class.getResourceAsStream("/edgar/datchat-8k-index.json")) {
            return in.readAllBytes();
        }
    }

    @Test
    void theEx99DocumentsOfARealListingInExhibitOrder() throws IOException {
        assertThat(ExhibitIndex.exhibits(datChat(), "ea191807-8k_datchat.htm", 5)).containsExactly(
                new ExhibitIndex.Exhibit("ea191807ex99-1_datchat.htm", "EX-99.1"),
                new ExhibitIndex.Exhibit("ea191807ex99-2_datchat.htm", "EX-99.2"),
                new ExhibitIndex.Exhibit("ea191807ex99-3_datchat.htm", "EX-99.3"));
        assertThat(ExhibitIndex.exhibits(datChat(), "ea191807-8k_datchat.htm", 2)).hasSize(2)
                .extracting(ExhibitIndex.Exhibit::type).containsExactly("EX-99.1", "EX-99.2");
    }

    @Test
    void namesFilersAndAgentsGiveExhibit99() {
        assertThat(ExhibitIndex.type("adbeex991q123.htm")).isEqualTo("EX-99.1");
        assertThat(ExhibitIndex.type("d412345dex992.htm")).isEqualTo("EX-99.2");
        assertThat(ExhibitIndex.type("exhibit99-1.htm")).isEqualTo("EX-99.1");
        assertThat(ExhibitIndex.type("ex99_10.html")).isEqualTo("EX-99.10");
        assertThat(ExhibitIndex.type("EX-99.txt")).isEqualTo("EX-99");
        assertThat(ExhibitIndex.type("ex99-1_001.jpg")).as("an image of the release").isNull();
        assertThat(ExhibitIndex.type("ea191807ex5-1_datchat.htm")).isNull();
        assertThat(ExhibitIndex.type("nvda-ex101.htm")).as("EX-10.1").isNull();
        assertThat(ExhibitIndex.type("ex991234.htm")).as("not a sub-number").isNull();
        assertThat(ExhibitIndex.type("adbe-20230315.htm")).isNull();
    }

    @Test
    void aListingThatIsNotOneIsAFormatError() {
        assertThatThrownBy(() -> ExhibitIndex.exhibits("<html>".getBytes(StandardCharsets.UTF_8), "x.htm", 5))
                .isInstanceOf(EdgarFormatException.class);
        assertThatThrownBy(() -> ExhibitIndex.exhibits("{}".getBytes(StandardCharsets.UTF_8), "x.htm", 5))
                .isInstanceOf(EdgarFormatException.class);
    }
}
