package com.aperilex.flow.persistence;

import com.aperilex.flow.domain.AccessionNumber;
import com.aperilex.flow.domain.AnalysisId;
import com.aperilex.flow.domain.AnalysisStatus;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.AnalysisRequest;
import com.aperilex.flow.domain.ErrorCode;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.domain.TaskStatus;
import com.aperilex.flow.domain.UserId;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A task row, with its filing when one has been resolved. Nullable components are noted.
 *
 * @param owner the user the task belongs to; null on tasks admitted before users existed
 */
public record TaskRecord(
        TaskId taskId,
        TaskStatus status,
        AnalysisStatus analysisStatus,
        AnalysisRequest request,
        Filing filing,
        AnalysisId analysisId,
        ErrorCode errorCode,
        String errorMessage,
        Instant createdAt,
        Instant updatedAt,
        UserId owner) {

    /** Whether {@code user} may see this task: its owner only (administrators are let through by the caller). */
    public boolean ownedBy(UserId user) {
        return owner != null && owner.equals(user);
    }

    /** The filing a task resolved to; null on the task until the worker resolves it. */
    public record Filing(Cik cik, AccessionNumber accessionNumber, FormType formType, LocalDate filingDate) {
    }
}
