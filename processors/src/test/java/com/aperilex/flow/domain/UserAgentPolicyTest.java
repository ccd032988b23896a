package com.aperilex.flow.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UserAgentPolicyTest {

    @Test
    void companyNameAndReachableAddressPass() {
        assertThat(UserAgentPolicy.problem("Aperilex Research ops@aperilex.com")).isEmpty();
        assertThat(UserAgentPolicy.problem("Sample Company Name AdminContact@sample-company.co.uk")).isEmpty();
    }

    @Test
    void missingMalformedOrPlaceholderValuesAreRefused() {
        assertThat(UserAgentPolicy.problem(null)).get().asString().contains("required");
        assertThat(UserAgentPolicy.problem("  ")).get().asString().contains("required");
        assertThat(UserAgentPolicy.problem("ops@aperilex.com")).get().asString().contains("Company Name");
        assertThat(UserAgentPolicy.problem("Aperilex")).get().asString().contains("Company Name");
        assertThat(UserAgentPolicy.problem("Mozilla/5.0 (X11; Linux x86_64)")).isPresent();
        assertThat(UserAgentPolicy.problem("Acme Corp admin@example.com")).get().asString().contains("example.com");
        assertThat(UserAgentPolicy.problem("Acme Corp admin@acme.test")).isPresent();
    }
}
