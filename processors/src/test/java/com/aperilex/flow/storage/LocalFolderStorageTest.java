package com.aperilex.flow.storage;

import com.aperilex.flow.domain.StorageProvider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void forcesTheFileToDiskBeforeItsRenameAndTheFolderAfter() {
        List<String> steps = new ArrayList<>();
        StorageKey key = new StorageKey("analyses/0000320193/0000320193-24-000123/v1/none.json");
        Path target = root.resolve(key.value());
        LocalFolderStorage storage = new LocalFolderStorage(root, new LocalFolderStorage.Durability() {
            @Override
            public void forceFile(FileChannel channel, Path file) throws IOException {
                // Everything written and not yet visible under its name.
                assertThat(channel.size()).isEqualTo(3);
                assertThat(Files.exists(target)).isFalse();
                LocalFolderStorage.Durability.super.forceFile(channel, file);
                steps.add("file " + file.getFileName().toString().startsWith(".put-"));
            }

            @Override
            public void forceDirectory(Path directory) {
                assertThat(Files.exists(target)).isTrue();
                LocalFolderStorage.Durability.super.forceDirectory(directory);
                steps.add("folder " + root.relativize(directory).toString().replace('\\', '/'));
            }
        });

        storage.put(key, new byte[] {1, 2, 3}, "application/json");

        assertThat(steps).containsExactly("file true", "folder analyses/0000320193/0000320193-24-000123/v1");
        assertThat(storage.get(key)).hasValue(new byte[] {1, 2, 3});
        try (var left = Files.list(target.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("none.json");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void listsUnderAPrefixWithSizeAndTimeAndDeletes() throws IOException {
        LocalFolderStorage storage = new LocalFolderStorage(root);
        StorageKey a = new StorageKey("analyses/0000000001/0000000001-24-000001/v1/none.json");
        StorageKey b = new StorageKey("analyses/0000000002/0000000002-24-000001/v1/gpt-4o-mini.json");
        StorageKey filing = new StorageKey("filings/0000000001/0000000001-24-000001/x.htm");
        storage.put(a, new byte[] {1}, "application/json");
        storage.put(b, new byte[] {1, 2}, "application/json");
        storage.put(filing, new byte[] {1, 2, 3}, "text/html");
        Instant old = Instant.parse("2024-01-01T00:00:00Z");
        Files.setLastModifiedTime(root.resolve(a.value()), FileTime.from(old));
        // A write's temporary file left by a crash is no document.
        Files.writeString(root.resolve("analyses/0000000001/0000000001-24-000001/v1/.put-1.tmp"), "x");

        List<StoredObject> listed = storage.list("analyses/");

        assertThat(listed).extracting(StoredObject::key).containsExactlyInAnyOrder(a, b);
        StoredObject first = listed.stream().filter(o -> o.key().equals(a)).findFirst().orElseThrow();
        assertThat(first.sizeBytes()).isEqualTo(1);
        assertThat(first.lastModified()).isEqualTo(old);
        assertThat(storage.list("analyses/0000000002/")).extracting(StoredObject::key).containsExactly(b);
        assertThat(storage.list("nothing-here/")).isEmpty();

        assertThat(storage.delete(a)).isTrue();
        assertThat(storage.delete(a)).isFalse();
        assertThat(storage.exists(a)).isFalse();
        assertThat(storage.exists(b)).isTrue();
        assertThat(storage.exists(filing)).isTrue();
    }
}
