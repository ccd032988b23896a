package com.aperilex.flow.edgar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.Ticker;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CompanyDirectoryTest {

    @Test
    void readsSecTickerFileShape() {
        CompanyDirectory directory = CompanyDirectory.parse("""
                {"0": {"cik_str": 320193, "ticker": "AAPL", "title": "Apple Inc."},
                 "1": {"cik_str": 1067983, "ticker": "BRK-B", "title": "BERKSHIRE HATHAWAY INC"},
                 "2": {"cik_str": 1067983, "ticker": "BRK-A", "title": "BERKSHIRE HATHAWAY INC"},
                 "3": {"cik_str": 1, "ticker": "TOO-LONG-TICKER", "title": "ignored"}}"""
                .getBytes(StandardCharsets.UTF_8));
        assertThat(directory.find(Ticker.of("AAPL")).orElseThrow().cik()).isEqualTo(new Cik(320193));
        assertThat(directory.find(Ticker.of("BRK-A")).orElseThrow().name()).isEqualTo("BERKSHIRE HATHAWAY INC");
        assertThat(directory.find(Ticker.of("MSFT"))).isEmpty();
        assertThat(directory.size()).isEqualTo(3);
    }

    @Test
    void anythingElseIsAFormatError() {
        assertThatThrownBy(() -> CompanyDirectory.parse("[]".getBytes())).isInstanceOf(EdgarFormatException.class);
        assertThatThrownBy(() -> CompanyDirectory.parse("{}".getBytes())).isInstanceOf(EdgarFormatException.class);
        assertThatThrownBy(() -> CompanyDirectory.parse("<html>".getBytes())).isInstanceOf(EdgarFormatException.class);
    }
}
