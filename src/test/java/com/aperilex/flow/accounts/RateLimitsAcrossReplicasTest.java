package com.aperilex.flow.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.servers.ServiceReplica;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two API replicas on one database share a user's windows: 40 requests split between them, 20 an hour pass. */
class RateLimitsAcrossReplicasTest {
    private static final String RUN = UUID.randomUUID().toString();
    private static ServiceReplica replicaA;
    private static ServiceReplica replicaB;

    @BeforeAll
    static void startTwoReplicas() {
        List<String> common = List.of(
                "aperilex.worker.enabled=false",
                "aperilex.llm.provider=none",
                "aperilex.accounts.default-tier=ENTERPRISE",
                "aperilex.tiers.enterprise.requests-per-hour=20",
                ServiceReplica.STREAM_TOKEN_KEY);
        replicaA = ServiceReplica.withProfiles("dev").properties(common).properties(
                "aperilex.dev.postgres-data-directory=target/test-data/" + RUN + "/postgres",
                "aperilex.storage.local-directory=target/test-data/" + RUN + "/storage").start();
        replicaB = ServiceReplica.withProfiles("api-replica").properties(common).properties(ServiceReplica.WITHOUT_TOKENS)
                .sharingDevServersOf(replicaA).properties(
                        "aperilex.storage.local-directory=target/test-data/" + RUN + "/storage").start();
    }

    @AfterAll
    static void stop() {
        ServiceReplica.closeAll(replicaB, replicaA);
    }

    @Test
    void fortyRequestsOfOneUserSplitBetweenTwoReplicasPassExactlyTwenty() throws Exception {
        String email = "replicas-" + UUID.randomUUID() + "@example.com";
        RateLimitsTest.assertExactlyTwentyOfFortyPass(RateLimitsTest.fortyAtOnce(
                List.of(replicaA.uri("/api/v1/analyses"), replicaB.uri("/api/v1/analyses")), email));
    }
}
