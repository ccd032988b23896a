package com.aperilex.flow.parsing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * The real-EDGAR corpus, when the build is given one ({@code -Daperilex.corpus.dir=...}, which .ci/run
 * points at ../shared/fixtures/edgar). Tests that need it are skipped without it, never faked.
 */
final class Corpus {
    static final String PROPERTY = "aperilex.corpus.dir";

    private Corpus() {
    }

    static Optional<Path> dir() {
        String dir = System.getProperty(PROPERTY, "");
        return dir.isBlank() || !Files.isDirectory(Path.of(dir)) ? Optional.empty() : Optional.of(Path.of(dir));
    }

    static boolean available() {
        return dir().isPresent();
    }

    static Document parse(String relativePath) throws IOException {
        Path file = dir().orElseThrow().resolve(relativePath);
        return Jsoup.parse(file.toFile(), null);
    }
}
