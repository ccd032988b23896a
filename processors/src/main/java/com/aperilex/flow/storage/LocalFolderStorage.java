package com.aperilex.flow.storage;

import com.aperilex.flow.domain.StorageProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** Document storage in a local folder; keys become relative paths under the root. */
public final class LocalFolderStorage implements DocumentStorage {
    private final Path root;

    public LocalFolderStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create storage folder " + this.root, e);
        }
    }

    @Override
    public StorageProvider provider() {
        return StorageProvider.LOCAL;
    }

    @Override
    public void put(StorageKey key, byte[] content, String contentType) {
        Path target = resolve(key);
        try {
            Files.createDirectories(target.getParent());
            // Write beside the target, then rename: a reader never sees a half-written document.
            Path temp = Files.createTempFile(target.getParent(), ".put-", ".tmp");
            try {
                Files.write(temp, content);
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new StorageException("cannot store " + key, e);
        }
    }

    @Override
    public Optional<byte[]> get(StorageKey key) {
        try {
            return Optional.of(Files.readAllBytes(resolve(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("cannot read " + key, e);
        }
    }

    @Override
    public boolean exists(StorageKey key) {
        return Files.isRegularFile(resolve(key));
    }

    private Path resolve(StorageKey key) {
        Path path = root.resolve(key.value()).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("storage key escapes the storage root: " + key);
        }
        return path;
    }
}
