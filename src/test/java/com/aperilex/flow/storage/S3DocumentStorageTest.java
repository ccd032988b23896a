package com.aperilex.flow.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.servers.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** S3 document storage against a real S3-compatible server (s3proxy): keys under the prefix, SSE on every write. */
class S3DocumentStorageTest {
    private static final StorageKey KEY = new StorageKey("filings/0000320193/0000320193-24-000123/aapl-20240928.htm");

    private final List<SdkRequest> sent = new CopyOnWriteArrayList<>();
    private S3Client s3;
    private String bucket;

    @BeforeEach
    void bucket() {
        S3ProxyServer server = S3ProxyServer.shared();
        s3 = S3Client.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        sent.add(context.request());
                    }
                })).build();
        bucket = "storage-" + UUID.randomUUID();
        s3.createBucket(b -> b.bucket(bucket));
    }

    @AfterEach
    void close() {
        s3.close();
    }

    private S3DocumentStorage storage(String prefix, String sse, String kmsKey) {
        return new S3DocumentStorage(s3, new AperilexProperties.S3(bucket, prefix, true, sse, kmsKey));
    }

    @Test
    void storesUnderThePrefixAndReadsBack() {
        S3DocumentStorage storage = storage("aperilex/", "aws:kms", "alias/aperilex-documents");
        byte[] document = "<html>10-K</html>".getBytes(StandardCharsets.UTF_8);

        assertThat(storage.exists(KEY)).isFalse();
        assertThat(storage.get(KEY)).isEmpty();
        storage.put(KEY, document, "text/html");

        assertThat(storage.exists(KEY)).isTrue();
        assertThat(storage.get(KEY)).hasValue(document);
        assertThat(s3.headObject(b -> b.bucket(bucket).key("aperilex/" + KEY.value())).contentType()).isEqualTo("text/html");
        PutObjectRequest put = sent.stream().filter(PutObjectRequest.class::isInstance).map(PutObjectRequest.class::cast)
                .filter(r -> r.bucket().equals(bucket)).findFirst().orElseThrow();
        assertThat(put.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(put.ssekmsKeyId()).isEqualTo("alias/aperilex-documents");
    }

    @Test
    void requestsAes256ByDefaultAndNothingWhenTold() {
        storage("", "AES256", null).put(KEY, new byte[] {1}, "application/octet-stream");
        storage("plain/", "NONE", null).put(KEY, new byte[] {2}, "application/octet-stream");

        List<PutObjectRequest> puts = sent.stream().filter(PutObjectRequest.class::isInstance)
                .map(PutObjectRequest.class::cast).toList();
        assertThat(puts).extracting(PutObjectRequest::key).containsExactly(KEY.value(), "plain/" + KEY.value());
        assertThat(puts.get(0).serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        assertThat(puts.get(1).serverSideEncryption()).isNull();
    }

    @Test
    void aMissingBucketIsAStorageFailure() {
        S3DocumentStorage storage = new S3DocumentStorage(s3,
                new AperilexProperties.S3("no-such-bucket-" + UUID.randomUUID(), "", true, "AES256", null));

        assertThatThrownBy(() -> storage.put(KEY, new byte[] {1}, "text/plain")).isInstanceOf(StorageException.class)
                .hasMessageContaining("cannot store " + KEY.value());
    }

    @Test
    void listsUnderThePrefixAndDeletes() {
        S3DocumentStorage storage = storage("aperilex/", "AES256", null);
        StorageKey a = new StorageKey("analyses/0000000001/0000000001-24-000001/v1/none.json");
        StorageKey b = new StorageKey("analyses/0000000002/0000000002-24-000001/v1/gpt-4o-mini.json");
        Instant before = Instant.now().minus(Duration.ofMinutes(5));
        storage.put(a, new byte[] {1}, "application/json");
        storage.put(b, new byte[] {1, 2}, "application/json");
        storage.put(KEY, new byte[] {1, 2, 3}, "text/html");
        // Outside the storage's prefix: not its document.
        s3.putObject(r -> r.bucket(bucket).key("analyses/elsewhere.json"),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[] {9}));

        List<StoredObject> listed = storage.list("analyses/");

        assertThat(listed).extracting(StoredObject::key).containsExactlyInAnyOrder(a, b);
        StoredObject second = listed.stream().filter(o -> o.key().equals(b)).findFirst().orElseThrow();
        assertThat(second.sizeBytes()).isEqualTo(2);
        assertThat(second.lastModified()).isAfter(before);
        assertThat(storage.list("analyses/0000000002/")).extracting(StoredObject::key).containsExactly(b);

        assertThat(storage.delete(a)).isTrue();
        assertThat(storage.delete(a)).isFalse();
        assertThat(storage.exists(a)).isFalse();
        assertThat(storage.exists(b)).isTrue();
        assertThat(storage.exists(KEY)).isTrue();
    }
}
