package com.keywordtrend.engines;

import com.keywordtrend.model.Job;
import com.keywordtrend.model.JobInputs;
import com.keywordtrend.model.JobResults;
import java.time.Instant;

/** The work of one job type: reads the job's typed inputs, returns its typed results. */
@FunctionalInterface
public interface JobEngine {

    /**
     * @param progress where to report progress as the work goes
     * @param deadline when the work must be done, well inside the Lambda's remaining time
     * @throws JobFailedException when the job cannot succeed, with a message for the user
     */
    JobResults run(Job job, Progress progress, Instant deadline);

    /**
     * The heap one job of this engine needs at its peak (each engine says how it estimated it), by
     * which a processor admits the jobs of a batch it runs at once.
     */
    default long peakBytesPerJob() {
        return 16L << 20;
    }

    /** The heap a job with these inputs needs at its peak: {@link #peakBytesPerJob()} unless its size says more. */
    default long peakBytes(JobInputs inputs) {
        return peakBytesPerJob();
    }

    /** Progress of a running job; 0–100 and a short stage name. */
    @FunctionalInterface
    interface Progress {
        void report(int percent, String stage);
    }
}
