package com.aperilex.flow.pipeline;

import com.aperilex.flow.domain.TaskFailure;
import com.aperilex.flow.domain.ErrorCode;
import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.ServiceTestSupport;
import com.aperilex.flow.domain.AccessionNumber;
import com.aperilex.flow.edgar.FilingDescriptor;
import com.aperilex.flow.message.TaskMessage;
import com.aperilex.flow.stubs.EdgarStub;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import org.apache.camel.ExchangeProperty;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * A new data source is a route file plus a bean: with aperilex.pipeline.filing-source=folder the
 * unchanged pipeline (tasks route, storage, parsing, pool) runs on it, and EDGAR is never called.
 */
@DirtiesContext
@Import(AddedDataSourceTest.FolderSource.class)
@TestPropertySource(properties = {
        "aperilex.routes.include-pattern=classpath:camel/**/*.yaml,classpath:extra-sources/*.yaml",
        "aperilex.pipeline.filing-source=folder",
        "aperilex.llm.provider=none"})
class AddedDataSourceTest extends ServiceTestSupport {

    /** The bean behind routes in extra-sources/folder-source.yaml. */
    public static class FolderFilingSource {
        public FilingDescriptor resolve(@ExchangeProperty("task") TaskMessage task) {
            if (task.cik() == null || task.cik().value() != 4242) {
                throw TaskFailure.permanent(ErrorCode.UNKNOWN_COMPANY,
                        "the folder holds filings of CIK 4242 only");
            }
            return new FilingDescriptor("folder", task.cik(), null, "Folder Filings Corp",
                    AccessionNumber.of("0000004242-24-000001"), task.formType(), LocalDate.of(2024, 3, 1),
                    LocalDate.of(2023, 12, 31), "folder-10k.htm", "file:fixtures/folder-10k.htm");
        }

        public byte[] document(@ExchangeProperty("filing") FilingDescriptor filing) {
            return EdgarStub.fixtureDocument(filing.companyName()).getBytes(StandardCharsets.UTF_8);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class FolderSource {
        @Bean
        FolderFilingSource folderFilingSource() {
            return new FolderFilingSource();
        }
    }

    @Test
    void thePipelineRunsOnTheAddedSource() {
        String taskId = postJson("""
                {"email": "%s", "cik": "4242"}""".formatted(uniqueEmail())).json().get("taskId").asText();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                get("/api/v1/tasks/" + taskId).json().get("status").asText().equals("COMPLETED"));
        JsonNode task = get("/api/v1/tasks/" + taskId).json();
        JsonNode doc = get("/api/v1/analyses/" + task.get("analysisId").asText()).json();
        assertThat(doc.get("filing").get("companyName").asText()).isEqualTo("Folder Filings Corp");
        assertThat(doc.get("filing").get("documentUrl").asText()).isEqualTo("file:fixtures/folder-10k.htm");
        assertThat(doc.get("facts").get("current").get("netIncome").toString()).isEqualTo("93736000000");
        assertThat(jdbc.queryForObject("SELECT source FROM filings WHERE accession_number = '0000004242-24-000001'",
                String.class)).isEqualTo("folder");

        String unknown = postJson("""
                {"email": "%s", "cik": "4343"}""".formatted(uniqueEmail())).json().get("taskId").asText();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                get("/api/v1/tasks/" + unknown).json().get("status").asText().equals("FAILED"));
        assertThat(get("/api/v1/tasks/" + unknown).json().get("error").get("code").asText())
                .isEqualTo("UNKNOWN_COMPANY");
    }
}
