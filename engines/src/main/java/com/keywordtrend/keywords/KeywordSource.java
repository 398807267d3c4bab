package com.keywordtrend.keywords;

import com.keywordtrend.sources.SourceException;
import java.time.Instant;
import java.util.List;

/** One place keywords come from. */
public interface KeywordSource {
    String name();

    /** Candidates for the seeds, found before {@code deadline}. */
    List<Candidate> candidates(Seeds seeds, Instant deadline) throws SourceException;
}
