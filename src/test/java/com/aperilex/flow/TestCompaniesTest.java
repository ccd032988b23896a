package com.aperilex.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every test company's CIK belongs to one test class. The dev profile's tests share one database and one EDGAR
 * stub per JVM, so two classes serving (or leaving unserved) the same CIK see each other's filings, pooled
 * analyses and stubs, and fail or pass by the order they run in; this happened three times before this check.
 * A test company's CIK is any literal from 1,000,001 to 3,999,999 in a test source ({@code 1000961},
 * {@code 3_600_201L}, {@code "cik":"3700201"}); CIKs a test computes ({@code base + i}) count by their base.
 */
class TestCompaniesTest {
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.-])(\\d{1,3}(?:_\\d{3}){2}|\\d{7})L?(?![\\w.-])");

    @Test
    void noTwoTestClassesShareACik() throws IOException {
        Map<Long, TreeSet<String>> users = new TreeMap<>();
        try (Stream<Path> files = Files.walk(Path.of("test", "java"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String name = file.getFileName().toString().replace(".java", "");
                if (name.equals(TestCompaniesTest.class.getSimpleName())) {
                    continue; // its own examples
                }
                Matcher m = NUMBER.matcher(Files.readString(file));
                while (m.find()) {
                    long n = Long.parseLong(m.group(1).replace("_", ""));
                    if (n > 1_000_000 && n <= 3_999_999) {
                        users.computeIfAbsent(n, k -> new TreeSet<>()).add(name);
                    }
                }
            }
        }
        assertThat(users).as("test companies found").hasSizeGreaterThan(50);
        Map<Long, TreeSet<String>> shared = new TreeMap<>();
        users.forEach((cik, classes) -> {
            if (classes.size() > 1) {
                shared.put(cik, classes);
            }
        });
        assertThat(shared).as("CIKs used by more than one test class: give each its own").isEmpty();
    }
}
