package com.aperilex.flow.imports;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.ImportId;
import com.aperilex.flow.domain.ImportRequest;
import com.aperilex.flow.domain.Sha256;
import com.aperilex.flow.domain.TaskLane;
import com.aperilex.flow.persistence.ImportRecords;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

/**
 * The demo prefill: once per slot of aperilex.demo.prefill.schedule, an import of the universe's filings of the last
 * {@code years} years, owned by the system (no user pays; its model calls are recorded and count against the daily
 * LLM budget). One per slot across all replicas (its dedup key names the slot); none while the previous one is still
 * open. Being an import, it resumes after a restart where it left off and skips what the pool already holds.
 */
@Component("demoPrefill")
public class DemoPrefill {
    private static final Logger LOG = LoggerFactory.getLogger(DemoPrefill.class);

    private final ImportRecords records;
    private final ImportIntake intake;
    private final JdbcTemplate jdbc;
    private final AperilexProperties properties;
    private final Clock clock;

    public DemoPrefill(ImportRecords records, ImportIntake intake, JdbcTemplate jdbc, AperilexProperties properties,
                       Clock clock) {
        this.records = records;
        this.intake = intake;
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Starts the prefill of the schedule's latest slot unless it was started already or an earlier one is still
     * open; returns the import started now, or null.
     */
    public ImportId startIfDue() {
        AperilexProperties.Prefill prefill = properties.demo().prefill();
        if (!Boolean.TRUE.equals(prefill.enabled())) {
            return null;
        }
        Instant now = clock.instant();
        Instant slot = latestSlot(CronExpression.parse(prefill.schedule()), now);
        if (slot == null) {
            return null;
        }
        Integer open = jdbc.queryForObject("""
                SELECT count(*)::int FROM imports WHERE kind = 'DEMO_PREFILL' AND status IN ('RESOLVING', 'RUNNING')
                """, Integer.class);
        if (open != null && open > 0) {
            return null;
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        ImportRequest request = new ImportRequest(null, List.of(), prefill.universe(), prefill.forms(),
                today.minusYears(prefill.years()), today, ImportRequest.SCHEMA_VERSION);
        List<ImportRecords.Company> companies = intake.companies(request);
        String key = Sha256.hex(("demo-prefill|" + slot).getBytes(StandardCharsets.UTF_8));
        ImportRecords.Terms terms = new ImportRecords.Terms(null, ImportRecords.Kind.DEMO_PREFILL, prefill.modelTier(),
                TaskLane.BULK.highestPriority(), BigDecimal.ZERO, null);
        ImportRecords.Made made = records.make(terms, key, intake.json(request), companies, now,
                Duration.between(slot, now).plusDays(1));
        if (!made.created()) {
            return null;
        }
        LOG.info("Demo prefill {} started for the slot {}: {} companies of {}, {} from {}", made.id(), slot,
                companies.size(), prefill.universe(), prefill.formTypes(), request.from());
        return made.id();
    }

    /** The schedule's latest fire time at or before {@code now} within the last 32 days; null when there is none. */
    static Instant latestSlot(CronExpression cron, Instant now) {
        ZonedDateTime end = now.atZone(ZoneOffset.UTC);
        for (Duration back : List.of(Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(32))) {
            ZonedDateTime latest = null;
            ZonedDateTime next = cron.next(end.minus(back));
            while (next != null && !next.isAfter(end)) {
                latest = next;
                next = cron.next(next);
            }
            if (latest != null) {
                return latest.toInstant();
            }
        }
        return null;
    }
}
