package com.aperilex.flow.storage;

import com.aperilex.flow.domain.StorageProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Document storage in a local folder; keys become relative paths under the root. A write is durable
 * before it is visible: the content goes to a temporary file beside the target, which is forced to disk
 * (fsync) before its atomic rename onto the target; the folder is forced after the rename where the
 * platform allows it, so the new name survives a crash too.
 */
public final class LocalFolderStorage implements DocumentStorage {
    /** Forcing to disk, replaceable in tests to watch the order of the steps. */
    interface Durability {
        /** Forces the file's content and metadata to disk. */
        default void forceFile(FileChannel channel, Path file) throws IOException {
            channel.force(true);
        }

        /** Forces the folder's entries (a rename) to disk; platforms that cannot open a folder skip it. */
        default void forceDirectory(Path directory) {
            try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                channel.force(true);
            } catch (IOException | UnsupportedOperationException e) {
                // Windows cannot open a directory as a channel; the rename is still atomic there.
            }
        }
    }

    private static final Durability FSYNC = new Durability() { };

    private final Path root;
    private final Durability durability;

    public LocalFolderStorage(Path root) {
        this(root, FSYNC);
    }

    LocalFolderStorage(Path root, Durability durability) {
        this.root = root.toAbsolutePath().normalize();
        this.durability = durability;
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
            Path folder = target.getParent();
            Files.createDirectories(folder);
            // Write beside the target, force it to disk, then rename: a reader never sees a half-written
            // document, and a crash never leaves the name pointing at content that was not yet on disk.
            Path temp = Files.createTempFile(folder, ".put-", ".tmp");
            try {
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer buffer = ByteBuffer.wrap(content);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    durability.forceFile(channel, temp);
                }
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                durability.forceDirectory(folder);
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

    @Override
    public List<StoredObject> list(String prefix) {
        // Walk the deepest folder the prefix names, then keep the keys that start with the whole prefix.
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash)).normalize();
        if (!start.startsWith(root)) {
            throw new IllegalArgumentException("storage prefix escapes the storage root: " + prefix);
        }
        List<StoredObject> found = new ArrayList<>();
        if (!Files.isDirectory(start)) {
            return found;
        }
        try (Stream<Path> paths = Files.walk(start)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                String name = root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
                if (!name.startsWith(prefix)) {
                    continue;
                }
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(path, BasicFileAttributes.class);
                } catch (NoSuchFileException e) {
                    continue; // removed while listing
                }
                if (!attributes.isRegularFile()) {
                    continue;
                }
                StorageKey key;
                try {
                    key = new StorageKey(name);
                } catch (IllegalArgumentException e) {
                    continue; // a temporary file of a write in progress, or nothing this storage wrote
                }
                found.add(new StoredObject(key, attributes.size(), attributes.lastModifiedTime().toInstant()));
            }
        } catch (IOException | UncheckedIOException e) {
            throw new StorageException("cannot list " + prefix, e instanceof UncheckedIOException u ? u.getCause() : e);
        }
        return found;
    }

    @Override
    public boolean delete(StorageKey key) {
        try {
            return Files.deleteIfExists(resolve(key));
        } catch (IOException e) {
            throw new StorageException("cannot delete " + key, e);
        }
    }

    private Path resolve(StorageKey key) {
        Path path = root.resolve(key.value()).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("storage key escapes the storage root: " + key);
        }
        return path;
    }
}
