package com.aperilex.flow.edgar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

class FilingIndexTest {

    static boolean corpus() {
        String dir = System.getProperty("aperilex.corpus.dir", "");
        return !dir.isBlank() && Files.isDirectory(Path.of(dir));
    }

    /** The real DatChat 8-K listing of the MANIFEST (edgartools/0001213900-24-004875-index.json). */
    @Test
    @EnabledIf("corpus")
    void datChatListingAndItsThreePressReleases() throws IOException {
        FilingIndex index = FilingIndex.parse(Files.readAllBytes(Path.of(System.getProperty("aperilex.corpus.dir"),
                "edgartools/0001213900-24-004875-index.json")));

        assertThat(index.directory()).isEqualTo("/Archives/edgar/data/1648960/000121390024004875");
        assertThat(index.entries()).hasSize(25);
        assertThat(index.entries().get(0).size()).isNull();
        assertThat(index.ex99Exhibits()).extracting(FilingIndex.Exhibit::key)
                .containsExactly("EX-99.1", "EX-99.2", "EX-99.3");
        FilingIndex.Exhibit first = index.ex99Exhibits().get(0);
        assertThat(first.entry().name()).isEqualTo("ea191807ex99-1_datchat.htm");
        assertThat(first.entry().size()).isEqualTo(9363L);
        assertThat(index.url(first.entry())).isEqualTo(
                "https://www.sec.gov/Archives/edgar/data/1648960/000121390024004875/ea191807ex99-1_datchat.htm");
    }

    @Test
    void exhibitNamesOfTheFilingAgents() {
        assertThat(FilingIndex.exhibitKey("adbeex991q123.htm")).contains("EX-99.1");
        assertThat(FilingIndex.exhibitKey("ea023837201ex99-1_abvcbio.htm")).contains("EX-99.1");
        assertThat(FilingIndex.exhibitKey("d652347dex992.htm")).contains("EX-99.2");
        assertThat(FilingIndex.exhibitKey("exhibit99_10.htm")).contains("EX-99.10");
        assertThat(FilingIndex.exhibitKey("ex-99.htm")).contains("EX-99");
        assertThat(FilingIndex.exhibitKey("ex99-1_001.jpg")).isEmpty();
        assertThat(FilingIndex.exhibitKey("ea191807ex5-1_datchat.htm")).isEmpty();
        assertThat(FilingIndex.exhibitKey("ex101.htm")).isEmpty();
        assertThat(FilingIndex.exhibitKey("0001213900-24-004875-index.html")).isEmpty();
    }

    @Test
    void exhibitsAreOrderedByNumber() {
        FilingIndex index = FilingIndex.parse("""
                {"directory": {"name": "/Archives/edgar/data/1/000000000124000001", "item": [
                  {"name": "x-ex99_10.htm", "type": "text.gif", "size": "10"},
                  {"name": "x-ex99_2.htm", "type": "text.gif", "size": "10"},
                  {"name": "x-8k.htm", "type": "text.gif", "size": "10"}]}}""".getBytes(StandardCharsets.UTF_8));
        assertThat(index.ex99Exhibits()).extracting(FilingIndex.Exhibit::key).containsExactly("EX-99.2", "EX-99.10");
    }

    @Test
    void anythingElseIsAFormatError() {
        assertThatThrownBy(() -> FilingIndex.parse("not json".getBytes())).isInstanceOf(EdgarFormatException.class);
        assertThatThrownBy(() -> FilingIndex.parse("{}".getBytes())).isInstanceOf(EdgarFormatException.class);
        assertThatThrownBy(() -> FilingIndex.parse("{\"directory\":{\"item\":[{\"size\":\"1\"}]}}".getBytes()))
                .isInstanceOf(EdgarFormatException.class);
    }
}
