package com.aperilex.flow.infra;

import com.pulumi.test.Mocks;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The Pulumi engine stood in for: every resource is "created" with its inputs as its state, plus the
 * attributes AWS would compute (ARNs, URLs, endpoints, the RDS-managed secret), shaped as AWS shapes them.
 */
final class AwsMocks implements Mocks {
    static final String ACCOUNT = "123456789012";

    @Override
    public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
        Map<String, Object> state = new HashMap<>(args.inputs);
        String name = (String) args.inputs.getOrDefault("name", args.name);
        switch (args.type) {
            case "aws:sqs/queue:Queue" -> {
                state.put("arn", "arn:aws:sqs:us-east-1:" + ACCOUNT + ":" + name);
                state.put("url", "https://sqs.us-east-1.amazonaws.com/" + ACCOUNT + "/" + name);
            }
            case "aws:s3/bucketV2:BucketV2" -> {
                String bucket = args.inputs.get("bucketPrefix") + "20261122";
                state.put("bucket", bucket);
                state.put("arn", "arn:aws:s3:::" + bucket);
            }
            case "aws:kms/key:Key" -> {
                state.put("keyId", "1234abcd-12ab-34cd-56ef-1234567890ab");
                state.put("arn", "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab");
            }
            case "aws:rds/cluster:Cluster" -> {
                state.put("endpoint", args.inputs.get("clusterIdentifier") + ".cluster-abcdefghijkl.us-east-1.rds.amazonaws.com");
                state.put("masterUserSecrets", List.of(Map.of(
                        "secretArn", "arn:aws:secretsmanager:us-east-1:" + ACCOUNT + ":secret:rds!cluster-0a1b2c3d-AbCdEf",
                        "secretStatus", "active")));
            }
            case "aws:iam/role:Role" -> state.put("arn", "arn:aws:iam::" + ACCOUNT + ":role/" + name);
            case "aws:secretsmanager/secret:Secret" ->
                    state.put("arn", "arn:aws:secretsmanager:us-east-1:" + ACCOUNT + ":secret:" + name + "-AbCdEf");
            case "aws:rds/subnetGroup:SubnetGroup" -> state.put("name", args.name);
            default -> { }
        }
        return CompletableFuture.completedFuture(ResourceResult.of(Optional.of(args.name + "-id"), state));
    }
}
