package com.aperilex.flow.benchmarks;

import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.parsing.FilingParser;
import com.aperilex.flow.parsing.ParsedFiling;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What reading a filing costs: jsoup's bare parse of the document against the pipeline's parse plus
 * the form's segmentation plus inline-XBRL figures (FilingParser), on the same bytes. The target: the
 * full read at most 2x the bare parse (AMD's FY2022 10-K, 2.6 MB, also at most 300 ms median; the
 * largest 10-Q and 20-F of the corpus, issue 15).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class FilingParserBenchmark {

    /** The filing to read; bench/parser-jmh.sh points it at ../shared/fixtures/edgar. */
    @Param("../shared/fixtures/edgar/edgar-crawler/2488_10K_2022_0000002488-23-000047.htm")
    public String file;

    /** The filing's form, as EDGAR names it: its segmenter is the one measured. */
    @Param("10-K")
    public String form;

    private byte[] document;
    private FormType formType;
    private final FilingParser parser = new FilingParser();

    @Setup
    public void read() throws IOException {
        document = Files.readAllBytes(Path.of(file));
        formType = FormType.fromEdgarName(form);
    }

    @Benchmark
    public Document jsoupParseOnly() throws IOException {
        return Jsoup.parse(new ByteArrayInputStream(document), null, "");
    }

    @Benchmark
    public ParsedFiling parseSegmentAndFacts() {
        return parser.parse(document, formType);
    }
}
