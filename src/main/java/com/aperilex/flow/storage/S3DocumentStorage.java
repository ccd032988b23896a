package com.aperilex.flow.storage;

import com.aperilex.flow.domain.StorageProvider;
import com.aperilex.flow.config.AperilexProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Document storage in an S3 bucket (or an S3-compatible server): a key becomes {@code prefix + key}.
 * A PUT is atomic for readers by S3's own semantics, and every write asks for server-side encryption.
 */
public final class S3DocumentStorage implements DocumentStorage, AutoCloseable {
    private final S3Client s3;
    private final AperilexProperties.S3 settings;

    public S3DocumentStorage(S3Client s3, AperilexProperties.S3 settings) {
        if (settings.bucket() == null || settings.bucket().isBlank()) {
            throw new IllegalStateException("aperilex.storage.provider=S3 needs aperilex.storage.s3.bucket");
        }
        this.s3 = s3;
        this.settings = settings;
    }

    @Override
    public StorageProvider provider() {
        return StorageProvider.S3;
    }

    @Override
    public void put(StorageKey key, byte[] content, String contentType) {
        PutObjectRequest.Builder request = PutObjectRequest.builder()
                .bucket(settings.bucket()).key(objectKey(key)).contentType(contentType);
        switch (settings.serverSideEncryption()) {
            case "AES256" -> request.serverSideEncryption(ServerSideEncryption.AES256);
            case "aws:kms" -> {
                request.serverSideEncryption(ServerSideEncryption.AWS_KMS);
                if (settings.kmsKeyId() != null && !settings.kmsKeyId().isBlank()) {
                    request.ssekmsKeyId(settings.kmsKeyId());
                }
            }
            default -> { } // NONE: the bucket's default encryption applies
        }
        try {
            s3.putObject(request.build(), RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw new StorageException("cannot store " + key + " in s3://" + settings.bucket() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> get(StorageKey key) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(settings.bucket()).key(objectKey(key))).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new StorageException("cannot read " + key + " from s3://" + settings.bucket() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(StorageKey key) {
        try {
            s3.headObject(HeadObjectRequest.builder().bucket(settings.bucket()).key(objectKey(key)).build());
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false; // HEAD answers carry no error code, only the status
            }
            throw new StorageException("cannot look up " + key + " in s3://" + settings.bucket() + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new StorageException("cannot look up " + key + " in s3://" + settings.bucket() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<StoredObject> list(String prefix) {
        List<StoredObject> found = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(settings.bucket())
                    .prefix(settings.prefix() + prefix)).contents()) {
                String name = object.key().substring(settings.prefix().length());
                StorageKey key;
                try {
                    key = new StorageKey(name);
                } catch (IllegalArgumentException e) {
                    continue; // not an object this storage wrote
                }
                found.add(new StoredObject(key, object.size() == null ? 0 : object.size(), object.lastModified()));
            }
        } catch (SdkException e) {
            throw new StorageException("cannot list " + prefix + " in s3://" + settings.bucket() + ": " + e.getMessage(), e);
        }
        return found;
    }

    @Override
    public boolean delete(StorageKey key) {
        boolean existed = exists(key);
        try {
            s3.deleteObject(b -> b.bucket(settings.bucket()).key(objectKey(key)));
        } catch (SdkException e) {
            throw new StorageException("cannot delete " + key + " in s3://" + settings.bucket() + ": " + e.getMessage(), e);
        }
        return existed;
    }

    /** The object's key in the bucket. */
    public String objectKey(StorageKey key) {
        return settings.prefix() + key.value();
    }

    @Override
    public void close() {
        s3.close();
    }
}
