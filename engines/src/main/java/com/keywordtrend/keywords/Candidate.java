package com.keywordtrend.keywords;

/**
 * A phrase one source proposed.
 *
 * @param relevance  how close the source thinks it is to the seed, in [0, 1] (rank- or score-based)
 * @param popularity how much it is searched or used, in [0, 1], or NaN when the source gives no such signal
 * @param theme      the seed it was found for (a service, the industry or the USP, as {@link Seeds#themeOf}
 *                   names it), null when unknown
 * @param origin     how it was found, as the keyword list says it ("your words", "WordNet: narrower term",
 *                   "form: near me"); the source's name when not given
 */
public record Candidate(String term, String source, double relevance, double popularity, String theme, String origin) {
    public Candidate(String term, String source, double relevance, double popularity) {
        this(term, source, relevance, popularity, null, null);
    }

    public Candidate(String term, String source, double relevance, double popularity, String theme) {
        this(term, source, relevance, popularity, theme, null);
    }

    /** This candidate, found for {@code newTheme}. */
    public Candidate withTheme(String newTheme) {
        return new Candidate(term, source, relevance, popularity, newTheme, origin);
    }

    public Candidate {
        if (origin == null) origin = source;
        if (!(relevance >= 0 && relevance <= 1)) throw new IllegalArgumentException("relevance must be in [0, 1]");
        if (!Double.isNaN(popularity) && !(popularity >= 0 && popularity <= 1)) {
            throw new IllegalArgumentException("popularity must be in [0, 1] or NaN");
        }
    }
}
