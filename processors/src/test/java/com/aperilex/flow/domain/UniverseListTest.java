package com.aperilex.flow.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aperilex.flow.domain.AccessionNumber;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.Ticker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class UniverseListTest {

    @Test
    void readsCikAndSymbolColumnsWhereverTheyAreWithQuotedFields() {
        UniverseList list = UniverseList.parse("""
                Symbol,Security,Headquarters Location,CIK
                MMM,3M,"Saint Paul, Minnesota",66740
                BRK.B,"Berkshire ""B"" Hathaway","Omaha,
                Nebraska",0001067983
                BF-B,Brown–Forman,"Louisville, Kentucky",14693
                """, "test.csv");
        assertThat(list.restricts()).isTrue();
        assertThat(list.size()).isEqualTo(3);
        assertThat(list.contains(Cik.of("66740"))).isTrue();
        assertThat(list.contains(Cik.of("0000066740"))).isTrue();
        assertThat(list.contains(Cik.of("1067983"))).isTrue();
        assertThat(list.contains(Cik.of("320193"))).isFalse();
        assertThat(list.contains(Ticker.of("mmm"))).isTrue();
        assertThat(list.contains(Ticker.of("BRK-B"))).isTrue();
        assertThat(list.contains(Ticker.of("BRK.B"))).isTrue();
        assertThat(list.contains(Ticker.of("BF.B"))).isTrue();
        assertThat(list.contains(Ticker.of("BRK"))).isFalse();
        assertThat(list.contains(Ticker.of("AAPL"))).isFalse();
    }

    @Test
    void crlfLineEndsAByteOrderMarkAndBlankLinesAreRead() {
        UniverseList list = UniverseList.parse("\uFEFFcik,symbol\r\n320193,AAPL\r\n\r\n789019,MSFT\r\n", "crlf.csv");
        assertThat(list.size()).isEqualTo(2);
        assertThat(list.contains(Ticker.of("MSFT"))).isTrue();
        assertThat(list.contains(Cik.of("320193"))).isTrue();
    }

    @Test
    void aHeaderWithoutRowsRestrictsNothing() {
        UniverseList empty = UniverseList.parse("Symbol,Security,CIK\n", "russell1000.csv");
        assertThat(empty.restricts()).isFalse();
        assertThat(empty.contains(Cik.of("320193"))).isTrue();
        assertThat(empty.contains(Ticker.of("ANY"))).isTrue();
        assertThat(UniverseList.unrestricted().contains(Ticker.of("ANY"))).isTrue();
    }

    @Test
    void aBrokenListFailsWithWhereItIsBroken() {
        assertThatThrownBy(() -> UniverseList.parse("Symbol,Name\nAAPL,Apple\n", "x.csv"))
                .hasMessageContaining("x.csv").hasMessageContaining("no CIK column");
        assertThatThrownBy(() -> UniverseList.parse("Symbol,CIK\nAAPL,apple\n", "x.csv"))
                .hasMessageContaining("record 2").hasMessageContaining("'apple'");
        assertThatThrownBy(() -> UniverseList.parse("Symbol,CIK\n\"AAPL,320193\n", "x.csv"))
                .hasMessageContaining("line 2").hasMessageContaining("never closed");
        assertThatThrownBy(() -> UniverseList.parse("", "x.csv")).hasMessageContaining("no header");
    }

    @Test
    void theShippedSp500ListParses() throws IOException {
        Path shipped = Path.of("../src/main/resources/universe/sp500.csv");
        UniverseList sp500 = UniverseList.parse(Files.readString(shipped, StandardCharsets.UTF_8), shipped.toString());
        assertThat(sp500.size()).isBetween(490, 510);
        assertThat(sp500.contains(Ticker.of("AAPL"))).isTrue();
        assertThat(sp500.contains(Ticker.of("BRK-B"))).isTrue();
        assertThat(sp500.contains(Cik.of("320193"))).isTrue();
    }

    @Test
    void anAccessionNamesItsYearAndOnlyAYearThatEndedBeforeTheWindowIsRefused() {
        assertThat(HistoryWindow.year(AccessionNumber.of("0000320193-19-000119"))).isEqualTo(2019);
        assertThat(HistoryWindow.year(AccessionNumber.of("0000320193-98-000001"))).isEqualTo(1998);
        HistoryWindow twoYears = HistoryWindow.yearsBack(LocalDate.of(2026, 12, 2), 2);
        assertThat(twoYears.earliest()).isEqualTo(LocalDate.of(2024, 12, 2));
        assertThat(twoYears.certainlyBefore(AccessionNumber.of("0000320193-19-000119"))).isTrue();
        assertThat(twoYears.certainlyBefore(AccessionNumber.of("0000320193-23-000106"))).isTrue();
        assertThat(twoYears.certainlyBefore(AccessionNumber.of("0000320193-24-000123"))).isFalse();
        assertThat(twoYears.contains(LocalDate.of(2024, 12, 2))).isTrue();
        assertThat(twoYears.contains(LocalDate.of(2024, 12, 1))).isFalse();
    }

    @Test
    void windowsAreFixedUtcHoursAndDays() {
        Instant now = Instant.parse("2026-12-02T15:59:30.250Z");
        assertThat(RateWindow.HOUR.start(now)).isEqualTo(Instant.parse("2026-12-02T15:00:00Z"));
        assertThat(RateWindow.DAY.start(now)).isEqualTo(Instant.parse("2026-12-02T00:00:00Z"));
        assertThat(RateWindow.HOUR.secondsToReset(now)).isEqualTo(30);
        assertThat(RateWindow.DAY.secondsToReset(now)).isEqualTo(8 * 3600 + 30);
        assertThat(RateWindow.HOUR.secondsToReset(Instant.parse("2026-12-02T15:00:00Z"))).isEqualTo(3600);
    }
}
