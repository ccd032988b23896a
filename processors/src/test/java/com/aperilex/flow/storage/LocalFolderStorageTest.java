package com.aperilex.flow.storage;

import com.aperilex.flow.domain.StorageProvider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFolderStorageTest {

    @TempDir
    Path root;

    @Test
    void storesReadsAndReplacesDocuments() {
        LocalFolderStorage storage = new LocalFolderStorage(root);
        StorageKey key = new StorageKey("filings/0000320193/0000320193-24-000123/aapl-20240928.htm");

        assertThat(storage.exists(key)).isFalse();
        assertThat(storage.get(key)).isEmpty();
        storage.put(key, "first".getBytes(StandardCharsets.UTF_8), "text/html");
        storage.put(key, "second".getBytes(StandardCharsets.UTF_8), "text/html");

        assertThat(storage.exists(key)).isTrue();
        assertThat(storage.get(key)).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8))
                .isEqualTo("second"));
        assertThat(Files.exists(root.resolve(key.value()))).isTrue();
        assertThat(storage.provider()).isEqualTo(StorageProvider.LOCAL);
    }

    @Test
    void keysCannotEscapeTheRoot() {
        for (String bad : new String[] {"../etc/passwd", "/abs", "a//b", "a/./b", "a/../b", "", ".hidden"}) {
            assertThatThrownBy(() -> new StorageKey(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
