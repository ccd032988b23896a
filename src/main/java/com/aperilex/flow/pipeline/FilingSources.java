package com.aperilex.flow.pipeline;

import com.aperilex.flow.pool.PoolFilingSource;

import com.aperilex.flow.domain.Account;
import com.aperilex.flow.domain.HistoryWindow;
import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.ErrorCode;
import com.aperilex.flow.domain.TaskFailure;
import com.aperilex.flow.edgar.FilingDescriptor;
import com.aperilex.flow.message.TaskMessage;
import com.aperilex.flow.persistence.Admission;
import com.aperilex.flow.persistence.TaskFilingSources;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * What intake decided about a task's filing, and the worker follows: which data source it runs on (the task's
 * own, carried by its message (tasks.filing_source on republish): "pool" for DEMO; else aperilex.pipeline.filing-source; the pipeline calls
 * direct:&lt;source&gt;-resolve-filing and direct:&lt;source&gt;-fetch-document), and the history window of the
 * tier it was admitted at, which the resolved filing must be inside.
 */
@Component("filingSources")
public class FilingSources {
    private final TaskFilingSources tasks;
    private final String configured;

    public FilingSources(TaskFilingSources tasks, AperilexProperties properties) {
        this.tasks = tasks;
        this.configured = properties.pipeline().filingSource();
    }

    /**
     * The worker's step: the source of the task being run, the configured one or the pool; a message naming any
     * other source fails its task permanently (UNSUPPORTED_FILING would be wrong: it is the message that is bad).
     */
    public String of(@ExchangeProperty("task") TaskMessage task) {
        String source = task.filingSource() == null ? configured : task.filingSource();
        if (!source.equals(configured) && !source.equals(PoolFilingSource.NAME)) {
            throw TaskFailure.permanent(ErrorCode.INTERNAL_ERROR, "task " + task.taskId()
                    + " names a filing source this worker does not serve: " + source);
        }
        return source;
    }

    /**
     * The worker's step once the filing is resolved: a filing older than the task's history window fails the task
     * at once (OUTSIDE_TIER_ACCESS, permanent). A filing of no known date passes.
     */
    public void checkHistory(@ExchangeProperty("task") TaskMessage task,
                             @ExchangeProperty("filing") FilingDescriptor filing) {
        Optional<LocalDate> since = tasks.filedSince(task.taskId());
        if (since.isPresent() && filing.filingDate() != null && filing.filingDate().isBefore(since.get())) {
            throw TaskFailure.permanent(ErrorCode.OUTSIDE_TIER_ACCESS, "filing " + filing.accessionNumber()
                    + " was filed on " + filing.filingDate() + ", before " + since.get()
                    + ", the start of the history window of the task's tier");
        }
    }
}
