package com.aperilex.flow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.AccessionNumber;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.domain.Sha256;
import com.aperilex.flow.edgar.FilingDescriptor;
import com.aperilex.flow.persistence.AnalysisRepository;
import com.aperilex.flow.servers.S3ProxyServer;
import com.aperilex.flow.storage.DocumentStorage;
import com.aperilex.flow.storage.LocalFolderStorage;
import com.aperilex.flow.storage.S3DocumentStorage;
import com.aperilex.flow.storage.StorageKey;
import com.aperilex.flow.stubs.LlmStub;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Analysis documents are as safe as filings: one deterministic key per (filing, analysis version, model),
 * their SHA-256 and size on the row, verified when served; orphans swept after a grace period.
 */
class AnalysisDocumentsTest extends PipelineTestSupport {
    private static final Duration GRACE = Duration.ofHours(24);

    @Autowired
    DocumentStorage storage;

    @Autowired
    AnalysisRepository analyses;

    @Autowired
    OrphanAnalysisSweep sweep;

    @Autowired
    org.apache.camel.CamelContext camel;

    @TempDir
    Path folder;

    @Test
    void theDocumentIsStoredUnderItsPoolKeyWithItsChecksumAndATamperedCopyIsNotServed() {
        long cik = 1000888;
        String accession = "0001000888-24-000001";
        serveCompany(cik, "Checksum Corp", accession, "checksum-10k.htm");

        JsonNode task = awaitFinished(submit("""
                {"email": "%s", "cik": "%d", "accessionNumber": "%s"}""".formatted(uniqueEmail(), cik, accession)));
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        String analysisId = task.get("analysisId").asText();

        Map<String, Object> row = jdbc.queryForMap("SELECT storage_key, sha256, size_bytes FROM analyses WHERE id = ?::uuid",
                analysisId);
        String key = (String) row.get("storage_key");
        assertThat(key).isEqualTo("analyses/0001000888/" + accession + "/v2/" + LlmStub.MODEL + ".json");
        byte[] stored = storage.get(new StorageKey(key)).orElseThrow();
        assertThat(((String) row.get("sha256")).strip()).isEqualTo(Sha256.hex(stored));
        assertThat(((Number) row.get("size_bytes")).longValue()).isEqualTo(stored.length);
        assertThat(get("/api/v1/analyses/" + analysisId).status()).isEqualTo(200);

        // Someone changes the stored document: it is not served, and the caller is told the analysis is unavailable.
        String tampered = new String(stored, StandardCharsets.UTF_8).replace("Checksum Corp", "Tampered Corp");
        storage.put(new StorageKey(key), tampered.getBytes(StandardCharsets.UTF_8), "application/json");
        Reply refused = get("/api/v1/analyses/" + analysisId);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("type").asText()).endsWith("/analysis-unavailable");
        assertThat(refused.body()).doesNotContain("Tampered").doesNotContain(key);

        // Gone altogether: unavailable too, not "no such analysis".
        storage.delete(new StorageKey(key));
        assertThat(get("/api/v1/analyses/" + analysisId).json().get("type").asText()).endsWith("/analysis-unavailable");

        // The intact document back: served again.
        storage.put(new StorageKey(key), stored, "application/json");
        Reply served = get("/api/v1/analyses/" + analysisId);
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.json().get("analysisId").asText()).isEqualTo(analysisId);
    }

    @Test
    void theKeyIsOnePerFilingVersionAndModelAndAnyModelNameFitsIt() {
        FilingDescriptor filing = new FilingDescriptor("edgar", Cik.of("320193"), null, null,
                AccessionNumber.of("0000320193-24-000123"), FormType.TEN_K, null, null, "a.htm", "https://x/a.htm");

        assertThat(AnalysisWriter.documentKey(filing, 2, "gpt-4o-mini").value())
                .isEqualTo("analyses/0000320193/0000320193-24-000123/v2/gpt-4o-mini.json");
        assertThat(AnalysisWriter.documentKey(filing, 1, "none")).isEqualTo(AnalysisWriter.documentKey(filing, 1, "none"));
        StorageKey odd = AnalysisWriter.documentKey(filing, 1, "meta-llama/Llama-3:8b");
        assertThat(odd.value()).matches("analyses/0000320193/0000320193-24-000123/v1/meta-llama_Llama-3_8b-[0-9a-f]{12}\\.json");
        assertThat(odd).isNotEqualTo(AnalysisWriter.documentKey(filing, 1, "meta-llama_Llama-3:8b"));
        assertThat(AnalysisWriter.documentKey(filing, 1, ".hidden").value()).matches(".*/v1/m\\.hidden-[0-9a-f]{12}\\.json");
    }

    @Test
    void theSweepRemovesOldUnreferencedLocalDocumentsAndKeepsReferencedAndYoungOnes() throws IOException {
        LocalFolderStorage local = new LocalFolderStorage(folder);
        StorageKey referenced = referencedKey();
        StorageKey orphan = key("orphan");
        StorageKey young = key("young");
        StorageKey filing = new StorageKey("filings/0000000001/0000000001-24-000001/old.htm");
        Instant old = Instant.now().minus(GRACE).minus(Duration.ofHours(1));
        for (StorageKey k : new StorageKey[] {referenced, orphan, young, filing}) {
            local.put(k, new byte[] {1}, "application/json");
        }
        for (StorageKey k : new StorageKey[] {referenced, orphan, filing}) {
            Files.setLastModifiedTime(folder.resolve(k.value()), FileTime.from(old));
        }

        int removed = new OrphanAnalysisSweep(analyses, local, GRACE, Clock.systemUTC()).sweep();

        assertThat(removed).isEqualTo(1);
        assertThat(local.exists(orphan)).isFalse();
        assertThat(local.exists(referenced)).isTrue();
        assertThat(local.exists(young)).isTrue();
        assertThat(local.exists(filing)).as("only analyses are swept").isTrue();
    }

    @Test
    void theSweepRemovesOldUnreferencedS3DocumentsAndKeepsReferencedAndYoungOnes() {
        S3ProxyServer server = S3ProxyServer.shared();
        try (S3Client s3 = S3Client.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY))).build()) {
            String bucket = "sweep-" + UUID.randomUUID();
            s3.createBucket(b -> b.bucket(bucket));
            S3DocumentStorage bucketStorage = new S3DocumentStorage(s3,
                    new AperilexProperties.S3(bucket, "aperilex/", true, "AES256", null));
            StorageKey referenced = referencedKey();
            StorageKey orphan = key("orphan");
            bucketStorage.put(referenced, new byte[] {1}, "application/json");
            bucketStorage.put(orphan, new byte[] {1}, "application/json");

            // Just written: young, kept whatever references it.
            assertThat(new OrphanAnalysisSweep(analyses, bucketStorage, GRACE, Clock.systemUTC()).sweep()).isZero();
            assertThat(bucketStorage.exists(orphan)).isTrue();

            // A day and more later: the unreferenced one goes, the referenced one stays.
            Clock later = Clock.fixed(Instant.now().plus(GRACE).plus(Duration.ofMinutes(5)), ZoneOffset.UTC);
            assertThat(new OrphanAnalysisSweep(analyses, bucketStorage, GRACE, later).sweep()).isEqualTo(1);
            assertThat(bucketStorage.exists(orphan)).isFalse();
            assertThat(bucketStorage.exists(referenced)).isTrue();
        }
    }

    @Test
    void theServiceSweepKeepsReferencedAndYoungDocuments() {
        // The route is loaded; the bean it calls runs against the service's own storage and database.
        assertThat(camel.getRoute("sweep-orphan-analyses")).isNotNull();
        assertThat(camel.getRoute("sweep-orphan-analyses").getEndpoint().getEndpointUri()).contains("period=1h");
        StorageKey referenced = referencedKey();
        StorageKey young = key("young");
        storage.put(referenced, new byte[] {1}, "application/json");
        storage.put(young, new byte[] {1}, "application/json");

        assertThat(sweep.sweep()).isGreaterThanOrEqualTo(0);

        assertThat(storage.exists(referenced)).isTrue();
        assertThat(storage.exists(young)).isTrue();
    }

    private static StorageKey key(String name) {
        return new StorageKey("analyses/0000000009/" + UUID.randomUUID() + "/v1/" + name + ".json");
    }

    /** A key an analyses row references (with a filing row of its own). */
    private StorageKey referencedKey() {
        UUID filingId = UUID.randomUUID();
        String accession = "0000000009-24-" + String.format("%06d", (int) (Math.random() * 999999));
        jdbc.update("INSERT INTO filings (id, cik, accession_number, form_type) VALUES (?, 9, ?, '10-K')",
                filingId, accession);
        StorageKey key = new StorageKey("analyses/0000000009/" + accession + "/v1/none.json");
        jdbc.update("""
                INSERT INTO analyses (id, filing_id, analysis_version, llm_provider, llm_model, storage_key)
                VALUES (?, ?, 1, 'none', 'none', ?)""", UUID.randomUUID(), filingId, key.value());
        return key;
    }
}
