package com.aperilex.flow.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service killed with SIGKILL leaves PostgreSQL running on its data directory; the next start stops it. */
class OrphanedPostgresTest {

    @TempDir
    Path dataDirectory;

    @Test
    void orphanedServerIsStoppedAndTheDirectoryCanBeUsedAgain() throws Exception {
        EmbeddedPostgres orphan = EmbeddedPostgres.builder().setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false).start();
        long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).strip());
        assertThat(ProcessHandle.of(pid)).isPresent();

        EmbeddedServers.stopOrphanedPostgres(dataDirectory.toAbsolutePath());

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
        // Only releases zonky's in-JVM lock file here; in real life the owning JVM is already gone.
        orphan.close();
        try (EmbeddedPostgres again = EmbeddedPostgres.builder().setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false).start();
             Connection connection = again.getPostgresDatabase().getConnection()) {
            assertThat(connection.isValid(2)).isTrue();
        }
    }

    @Test
    void nothingToDoWithoutAPidFile() throws Exception {
        EmbeddedServers.stopOrphanedPostgres(dataDirectory.toAbsolutePath());
        assertThat(Files.exists(dataDirectory.resolve("postmaster.pid"))).isFalse();
    }
}
