package com.aperilex.flow.pipeline;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.message.TaskMessage;
import com.aperilex.flow.persistence.Admission;
import com.aperilex.flow.persistence.TaskFilingSources;
import java.util.regex.Pattern;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * Which data source a task runs on: the task's own (tasks.filing_source, "pool" for DEMO, written at intake),
 * else aperilex.pipeline.filing-source. The pipeline calls direct:&lt;source&gt;-resolve-filing and
 * direct:&lt;source&gt;-fetch-document.
 */
@Component("filingSources")
public class FilingSources {
    /** As aperilex.pipeline.filing-source: a route name prefix, never a URI of its own. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    private final TaskFilingSources tasks;
    private final String configured;

    public FilingSources(TaskFilingSources tasks, AperilexProperties properties) {
        this.tasks = tasks;
        this.configured = properties.pipeline().filingSource();
    }

    /** The worker's step: the source of the task being run. */
    public String of(@ExchangeProperty("task") TaskMessage task) {
        String source = tasks.of(task.taskId()).orElse(configured);
        if (!NAME.matcher(source).matches()) {
            throw new IllegalStateException("task " + task.taskId() + " names a malformed filing source: " + source);
        }
        return source;
    }

    /** The intake's step: a new task that runs on a source of its own (DEMO: "pool") records it before it is queued. */
    public void record(@ExchangeProperty("admission") Admission admission,
                       @ExchangeProperty("filingSource") String filingSource) {
        if (filingSource != null && admission.created()) {
            tasks.record(admission.taskId(), filingSource);
        }
    }
}
