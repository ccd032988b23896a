package com.aperilex.flow.api;

import com.aperilex.flow.accounts.AuditQueries;
import com.aperilex.flow.domain.AuditEntry;
import com.aperilex.flow.persistence.PersonalDataErasure;
import com.aperilex.flow.accounts.AccountStatement;
import com.aperilex.flow.accounts.AdminOnlyException;
import com.aperilex.flow.imports.ImportQueries;
import com.aperilex.flow.domain.TierPolicy;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.domain.UserTier;
import com.aperilex.flow.persistence.AccountReads;
import java.math.BigDecimal;
import java.time.LocalDate;

import com.aperilex.flow.domain.InsufficientCreditsException;
import com.aperilex.flow.domain.TooManyOpenTasksException;
import com.aperilex.flow.queries.AnalysisUnavailableException;
import com.aperilex.flow.queries.ResourceNotFoundException;
import com.aperilex.flow.domain.ApiLinks;
import com.aperilex.flow.intake.QueueUnavailableException;
import com.aperilex.flow.domain.AccessionNumber;
import com.aperilex.flow.domain.AnalysisId;
import com.aperilex.flow.domain.AnalysisRequest;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.Ticker;
import com.aperilex.flow.domain.AnalysisStatus;
import com.aperilex.flow.domain.Caller;
import com.aperilex.flow.domain.UserId;
import com.aperilex.flow.security.IdentityMismatchException;
import com.aperilex.flow.security.StreamTokens;
import com.aperilex.flow.domain.InvalidValueException;
import com.aperilex.flow.domain.TaskStatus;
import com.aperilex.flow.intake.InvalidRequestException;
import com.aperilex.flow.intake.UnsupportedMediaTypeException;
import com.aperilex.flow.persistence.Admission;
import com.aperilex.flow.persistence.ImportRecords;
import com.aperilex.flow.domain.ImportId;
import com.aperilex.flow.domain.ImportStatus;
import com.aperilex.flow.persistence.TaskRecord;
import com.aperilex.flow.problem.Problem;
import com.aperilex.flow.problem.ProblemType;
import com.aperilex.flow.domain.NotInDemoSetException;
import com.aperilex.flow.domain.OutsideTierAccessException;
import com.aperilex.flow.domain.RateLimitedException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns route results into HTTP replies: status code, Content-Type and JSON body. The REST contract's
 * shapes are built here and nowhere else.
 */
@Component("apiReplies")
public class ApiReplies {
    private static final Logger log = LoggerFactory.getLogger(ApiReplies.class);
    private static final String JSON = "application/json";
    private static final URI SERVICE_UNAVAILABLE =
            Problem.of(ProblemType.SERVICE_UNAVAILABLE, null, null).type();

    static final String STREAM_KEY_UNAVAILABLE =
            "The service cannot issue event-stream tokens right now; the task is kept: please retry shortly.";

    private final ObjectMapper mapper;
    private final StreamTokens streamTokens;
    private final Clock clock;

    public ApiReplies(ObjectMapper mapper, StreamTokens streamTokens, Clock clock) {
        this.mapper = mapper;
        this.streamTokens = streamTokens;
        this.clock = clock;
    }

    /**
     * 202: the caller's task that carries this request, new or already open. Its eventsUrl carries a short-lived
     * stream token for the caller and this task, since a browser's EventSource cannot send a bearer token.
     */
    public String taskAccepted(@ExchangeProperty("admission") Admission admission,
                               @ExchangeProperty(Caller.PROPERTY) Caller caller, Message message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("taskId", admission.taskId());
        // A new task was just queued; a repeated request answers the status its task has now (e.g. RETRYING).
        body.put("status", admission.created() ? TaskStatus.QUEUED : admission.status());
        body.put("statusUrl", ApiLinks.task(admission.taskId()));
        body.put("eventsUrl", ApiLinks.taskEvents(admission.taskId()) + "?token="
                + URLEncoder.encode(streamTokens.sign(caller.userId(), admission.taskId(), clock.instant()),
                        StandardCharsets.US_ASCII));
        String reply = json(message, 202, JSON, body);
        message.setHeader("Location", ApiLinks.task(admission.taskId()));
        return reply;
    }

    /**
     * 202: the caller's import for this request, new or made before within the dedup window. Its eventsUrl carries
     * a short-lived stream token for the caller and this import.
     */
    public String importAccepted(@ExchangeProperty("importMade") ImportRecords.Made made,
                                 @ExchangeProperty(Caller.PROPERTY) Caller caller, Message message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("importId", made.id());
        body.put("status", made.status());
        body.put("created", made.created());
        body.put("total", made.companies());
        body.put("statusUrl", ApiLinks.importStatus(made.id()));
        body.put("eventsUrl", ApiLinks.importEvents(made.id()) + "?token="
                + URLEncoder.encode(streamTokens.sign(caller.userId(), made.id(), clock.instant()),
                        StandardCharsets.US_ASCII));
        String reply = json(message, 202, JSON, body);
        message.setHeader("Location", ApiLinks.importStatus(made.id()));
        return reply;
    }

    /** 200: an import with its counts ({@code GET} and {@code DELETE /api/v1/imports/{importId}}). */
    public String importView(ImportRecords.View view, Message message) {
        return json(message, 200, JSON, ImportView.of(view, mapper));
    }

    /** 200: a page of imports, each as its own view shows it (failures only there), and the next page's before. */
    public String importPage(ImportQueries.ImportPage page, Message message) {
        List<ImportView> imports = new ArrayList<>();
        for (ImportRecords.View view : page.imports()) {
            imports.add(ImportView.of(view, mapper));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("imports", imports);
        body.put("nextBefore", page.nextBefore() == null ? null : page.nextBefore().value());
        return json(message, 200, JSON, body);
    }

    /** 200: a still-valid analysis of the filing is already in the global pool. */
    public String analysisCompleted(@ExchangeProperty("pooledAnalysisId") AnalysisId analysisId, Message message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", TaskStatus.COMPLETED);
        body.put("analysisId", analysisId);
        body.put("analysisUrl", ApiLinks.analysis(analysisId));
        return json(message, 200, JSON, body);
    }

    /** 200: the task view of {@code GET /api/v1/tasks/{taskId}}. */
    public String task(TaskRecord task, Message message) {
        return json(message, 200, JSON, TaskView.of(task));
    }

    /** 200: an account with its tier's limits, usage, balance and a page of its ledger ({@code /me}, admin). */
    public String account(AccountStatement statement, Message message) {
        return json(message, 200, JSON, AccountView.of(statement));
    }

    /** 200: a page of the audit log ({@code GET /api/v1/admin/audit}), newest first. */
    public String auditPage(AuditQueries.AuditPage page, Message message) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (AuditEntry e : page.entries()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", e.id());
            row.put("at", e.createdAt());
            row.put("actorUserId", e.actorUserId() == null ? null : e.actorUserId().value());
            row.put("action", e.action());
            row.put("resource", e.resource());
            row.put("details", e.details());
            row.put("ipAddress", e.origin().ipAddress());
            row.put("userAgent", e.origin().userAgent());
            row.put("requestId", e.origin().requestId());
            entries.add(row);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entries", entries);
        body.put("nextBefore", page.nextBefore());
        return json(message, 200, JSON, body);
    }

    /** 200: what an erasure of a user's personal data changed. */
    public String erasure(PersonalDataErasure.Erasure erasure, Message message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", erasure.userId().value());
        body.put("erasedAt", erasure.erasedAt());
        body.put("tasks", erasure.tasks());
        body.put("auditRows", erasure.auditRows());
        return json(message, 200, JSON, body);
    }

    /** 200: a stored analysis document, passed through as stored. */
    public byte[] document(byte[] document, Message message) {
        replyHeaders(message, 200, JSON);
        return document;
    }

    /** The problem+json reply for whatever the route threw; unexpected errors are logged, not shown. */
    public String problem(Exchange exchange) {
        Exception error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String instance = exchange.getIn().getHeader(Exchange.HTTP_URI, String.class);
        String tierRefusal = tierLimitProblem(error, instance, exchange.getMessage());
        if (tierRefusal != null) {
            return tierRefusal;
        }
        Problem problem = toProblem(error, instance);
        String reply = json(exchange.getMessage(), problem.status(), Problem.MEDIA_TYPE, problem);
        if (problem.type().equals(SERVICE_UNAVAILABLE)) {
            exchange.getMessage().setHeader("Retry-After", DatabaseOutages.RETRY_AFTER_SECONDS);
        }
        return reply;
    }

    // Tier limits: 429 rate-limited (with Retry-After and the RateLimit-* headers), 403 outside-tier-access (with
    // members rule and tier), 403 not-in-demo-set. Null for any other error.
    private String tierLimitProblem(Exception error, String instance, Message message) {
        if (error instanceof RateLimitedException e) {
            String reply = json(message, 429, Problem.MEDIA_TYPE, Problem.of(ProblemType.RATE_LIMITED, e.getMessage(), instance));
            message.setHeader("Retry-After", e.retryAfterSeconds());
            message.setHeader("RateLimit-Limit", e.limit());
            message.setHeader("RateLimit-Remaining", 0);
            message.setHeader("RateLimit-Reset", e.retryAfterSeconds());
            return reply;
        } else if (error instanceof OutsideTierAccessException e) {
            Map<String, Object> body = mapper.convertValue(Problem.of(ProblemType.OUTSIDE_TIER_ACCESS, e.getMessage(), instance),
                    new TypeReference<LinkedHashMap<String, Object>>() { });
            body.put("rule", e.rule().wireName());
            body.put("tier", e.tier().name());
            return json(message, ProblemType.OUTSIDE_TIER_ACCESS.status(), Problem.MEDIA_TYPE, body);
        } else if (error instanceof NotInDemoSetException e) {
            return json(message, ProblemType.NOT_IN_DEMO_SET.status(), Problem.MEDIA_TYPE,
                    Problem.of(ProblemType.NOT_IN_DEMO_SET, e.getMessage(), instance));
        }
        return null;
    }

    private static Problem toProblem(Exception error, String instance) {
        Problem accounts = accountsProblem(error, instance);
        if (accounts != null) {
            return accounts;
        }
        if (error instanceof InvalidRequestException e) {
            return Problem.invalidRequest(e.errors(), instance);
        } else if (error instanceof UnsupportedMediaTypeException e) {
            return Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, e.getMessage(), instance);
        } else if (error instanceof InvalidValueException e) {
            return Problem.of(ProblemType.MALFORMED_ID, e.getMessage(), instance);
        } else if (error instanceof IdentityMismatchException e) {
            return Problem.of(ProblemType.IDENTITY_MISMATCH, e.getMessage(), instance);
        } else if (error instanceof AdminOnlyException e) {
            return Problem.of(ProblemType.FORBIDDEN, e.getMessage(), instance);
        } else if (error instanceof ResourceNotFoundException e) {
            return Problem.of(ProblemType.NOT_FOUND, e.getMessage(), instance);
        } else if (error instanceof AnalysisUnavailableException e) {
            // Logged with its details where it was found (TaskQueries).
            return Problem.of(ProblemType.ANALYSIS_UNAVAILABLE, e.getMessage(), instance);
        } else if (error instanceof QueueUnavailableException e) {
            log.warn("Task queue unavailable answering {}: {}", instance, e.getCause() == null ? e : e.getCause().toString());
            return Problem.of(ProblemType.QUEUE_UNAVAILABLE, e.getMessage(), instance);
        } else if (error instanceof StreamTokens.KeyUnavailableException e) {
            log.error("Cannot sign the stream token answering {}: {}", instance, e.toString());
            return Problem.of(ProblemType.SERVICE_UNAVAILABLE, STREAM_KEY_UNAVAILABLE, instance);
        } else if (DatabaseOutages.causedBy(error)) {
            log.warn("Database unavailable answering {}: {}", instance, error.toString());
            return Problem.of(ProblemType.SERVICE_UNAVAILABLE, DatabaseOutages.DETAIL, instance);
        }
        log.error("Unexpected error answering {}", instance, error);
        return Problem.of(ProblemType.INTERNAL_ERROR, "unexpected error; it has been logged", instance);
    }

    /**
     * The ledger's refusals, with their extension members: amounts as JSON numbers in US dollars, written from the
     * exact decimal (0.12, 5.00) like every amount of the API. Null for any other error.
     */
    private static Problem accountsProblem(Exception error, String instance) {
        if (error instanceof InsufficientCreditsException e) {
            Map<String, Object> members = new LinkedHashMap<>();
            members.put("balanceUsd", AccountView.money(e.balanceUsd()));
            members.put("priceUsd", AccountView.money(e.priceUsd()));
            return Problem.of(ProblemType.INSUFFICIENT_CREDITS, e.getMessage(), instance).with(members);
        } else if (error instanceof TooManyOpenTasksException e) {
            Map<String, Object> members = new LinkedHashMap<>();
            members.put("cap", e.cap());
            members.put("openTasks", e.openTasks());
            return Problem.of(ProblemType.TOO_MANY_OPEN_TASKS, e.getMessage(), instance).with(members);
        }
        return null;
    }

    private String json(Message message, int status, String contentType, Object body) {
        replyHeaders(message, status, contentType);
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("reply bodies always serialise", e);
        }
    }

    /** Request headers and route-internal headers must not echo back to the caller. */
    private static void replyHeaders(Message message, int status, String contentType) {
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
    }

    /** The task document; every key is always present, null when not yet known. */
    record TaskView(String taskId, UserId userId, TaskStatus status, AnalysisStatus analysisStatus, Map<String, Object> request,
                    Map<String, Object> filing, AnalysisId analysisId, String analysisUrl, Map<String, String> error,
                    Instant createdAt, Instant updatedAt) {

        static TaskView of(TaskRecord t) {
            Map<String, Object> request = new LinkedHashMap<>();
            AnalysisRequest asked = t.request();
            request.put("ticker", asked.ticker().map(Ticker::value).orElse(null));
            request.put("cik", asked.cik().map(Cik::padded).orElse(null));
            request.put("formType", asked.formType());
            request.put("accessionNumber", asked.accession().map(AccessionNumber::value).orElse(null));
            request.put("schemaVersion", asked.schemaVersion());
            request.put("modelTier", asked.modelTier());
            Map<String, Object> filing = null;
            if (t.filing() != null) {
                filing = new LinkedHashMap<>();
                filing.put("cik", t.filing().cik().padded());
                filing.put("accessionNumber", t.filing().accessionNumber().value());
                filing.put("formType", t.filing().formType());
                filing.put("filingDate", t.filing().filingDate());
            }
            Map<String, String> error = null;
            if (t.errorCode() != null) {
                error = new LinkedHashMap<>();
                error.put("code", t.errorCode().name());
                // The code's fixed sentence: the stored detail (exception text, URLs) is for operators only.
                error.put("message", t.errorCode().publicMessage());
            }
            return new TaskView(t.taskId().toString(), t.owner(), t.status(), t.analysisStatus(), request, filing, t.analysisId(),
                    t.analysisId() == null ? null : ApiLinks.analysis(t.analysisId()), error, t.createdAt(), t.updatedAt());
        }
    }

    /** The account document of {@code /me} and the admin view; money is in US dollars, as JSON numbers. */
    record AccountView(UserId userId, String email, UserTier tier, Map<String, Object> limits, Map<String, Object> usage,
                       int openTasks, BigDecimal balanceUsd, LocalDate creditsResetOn, Instant createdAt,
                       List<Map<String, Object>> transactions, Long nextBefore) {

        static AccountView of(AccountStatement s) {
            AccountReads.AccountRow a = s.account();
            TierPolicy p = s.policy();
            Map<String, Object> limits = new LinkedHashMap<>();
            limits.put("requestsPerHour", p.requestsPerHour());
            limits.put("requestsPerDay", p.requestsPerDay());
            limits.put("concurrentAnalyses", p.concurrentAnalyses());
            limits.put("maxHistoryYears", p.maxHistoryYears());
            limits.put("universe", p.universe());
            limits.put("formTypes", p.formTypes().stream().sorted().map(FormType::edgarName).toList());
            limits.put("filingAccessFeeUsd", money(p.filingAccessFeeUsd()));
            limits.put("analysisFeeUsd", money(p.analysisFeeUsd()));
            limits.put("bulkImportFeeUsdPer100", money(p.bulkImportFeeUsdPer100()));
            limits.put("monthlyCreditsUsd", money(p.monthlyCreditsUsd()));
            limits.put("priority", p.priority());
            Map<String, Object> usage = new LinkedHashMap<>();
            usage.put("requestsThisHour", a.requestsThisHour());
            usage.put("requestsToday", a.requestsToday());
            List<Map<String, Object>> transactions = s.transactions().stream().map(t -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", t.id());
                row.put("type", t.type().name());
                row.put("amountUsd", money(t.amountUsd()));
                row.put("balanceAfterUsd", money(t.balanceAfterUsd()));
                row.put("filingId", t.filingId() == null ? null : t.filingId().value());
                row.put("taskId", t.taskId() == null ? null : t.taskId().value());
                row.put("description", t.description());
                row.put("createdAt", t.createdAt());
                return row;
            }).toList();
            return new AccountView(a.userId(), a.email() == null ? null : a.email().value(), a.tier(), limits, usage,
                    a.openTasks(), money(a.balanceUsd()), a.creditsResetOn(), a.createdAt(), transactions, s.nextBefore());
        }

        /** Dollars with no trailing zeros beyond the cents: 5.00, 0.015. */
        static BigDecimal money(BigDecimal amount) {
            BigDecimal stripped = amount.stripTrailingZeros();
            return stripped.scale() < 2 ? stripped.setScale(2) : stripped;
        }
    }

    /** GET /api/v1/imports/{importId}: the import's request, companies, filings by status, failures and money. */
    record ImportView(ImportId importId, UserId userId, ImportStatus status, Map<String, Object> request,
                      Map<String, Integer> companies, Map<String, Integer> filings, List<Map<String, Object>> failures,
                      int edgarRequests, BigDecimal feePerFilingUsd, BigDecimal reservedUsd, BigDecimal chargedUsd,
                      Instant createdAt, Instant updatedAt, Instant finishedAt, String eventsUrl) {

        static ImportView of(ImportRecords.View v, ObjectMapper mapper) {
            Map<String, Object> request;
            try {
                request = mapper.readValue(v.requestJson(), new TypeReference<LinkedHashMap<String, Object>>() { });
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("an import row's request is JSON", e);
            }
            Map<String, Integer> companies = new LinkedHashMap<>();
            companies.put("total", v.companies());
            for (String status : List.of("PENDING", "RESOLVED", "FAILED", "CANCELLED")) {
                companies.put(status.toLowerCase(java.util.Locale.ROOT), v.companiesByStatus().getOrDefault(status, 0));
            }
            Map<String, Integer> t = v.tasksByStatus();
            Map<String, Integer> filings = new LinkedHashMap<>();
            filings.put("total", v.filings() + v.skipped() + v.overLimit());
            filings.put("queued", t.getOrDefault("PENDING", 0) + t.getOrDefault("QUEUED", 0));
            filings.put("running", t.getOrDefault("PROCESSING", 0) + t.getOrDefault("RETRYING", 0));
            filings.put("completed", t.getOrDefault("COMPLETED", 0));
            filings.put("failed", t.getOrDefault("FAILED", 0));
            filings.put("cancelled", t.getOrDefault("CANCELLED", 0));
            filings.put("skipped", v.skipped());
            filings.put("overLimit", v.overLimit());
            List<Map<String, Object>> failures = new ArrayList<>();
            for (ImportRecords.Failure f : v.failures()) {
                Map<String, Object> failure = new LinkedHashMap<>();
                failure.put("company", f.company());
                failure.put("accessionNumber", f.accessionNumber());
                failure.put("code", f.code().name());
                failure.put("message", f.code().publicMessage());
                failures.add(failure);
            }
            return new ImportView(v.id(), v.owner(), v.status(), request, companies, filings, failures, v.edgarRequests(),
                    AccountView.money(v.feePerFilingUsd()), AccountView.money(v.reservedUsd()),
                    AccountView.money(v.chargedUsd()), v.createdAt(), v.updatedAt(), v.finishedAt(),
                    ApiLinks.importEvents(v.id()));
        }
    }
}
