package com.keywordtrend.model;

/** Bounds on a job's inputs, shared by the API that enforces them and the engines that rely on them. */
public final class JobLimits {
    public static final int MAX_INDUSTRY_LENGTH = 200;
    public static final int MAX_USP_LENGTH = 500;
    /** A town, a district or a region: "Shoreditch", "Austin, Texas". */
    public static final int MAX_LOCATION_LENGTH = 100;
    public static final int MAX_KEY_SERVICES = 20;
    public static final int MAX_KEY_SERVICE_LENGTH = 100;

    public static final int MAX_TREND_KEYWORDS = 50;
    public static final int MAX_KEYWORD_LENGTH = 100;
    public static final int MAX_SERIES_CSV_BYTES = 160 * 1024;
    /** Points per series, by granularity: 20 years monthly, 10 years weekly, 5 years daily (the analysis is O(n log² n)). */
    public static final int MAX_MONTHLY_POINTS = 240;
    public static final int MAX_WEEKLY_POINTS = 520;
    public static final int MAX_DAILY_POINTS = 1_827;
    /**
     * The most values (keywords × points) a job analyses: every keyword over the longest period. No
     * check of its own: a result past the item goes to the results bucket, and an export is held by
     * its bytes to fewer. What the processors' heap estimate and the maximum bench are sized by.
     */
    public static final int MAX_TIMELINE_VALUES = MAX_TREND_KEYWORDS * MAX_DAILY_POINTS;

    private JobLimits() {
    }

    /** The most points a series of this granularity ("monthly", "weekly", "daily") may have. */
    public static int maxPoints(String granularity) {
        return switch (granularity) {
            case "daily" -> MAX_DAILY_POINTS;
            case "weekly" -> MAX_WEEKLY_POINTS;
            default -> MAX_MONTHLY_POINTS;
        };
    }

    /** The points of a period from {@code start} to {@code end}, both included, at this granularity. */
    public static long points(String granularity, java.time.LocalDate start, java.time.LocalDate end) {
        return switch (granularity) {
            case "daily" -> java.time.temporal.ChronoUnit.DAYS.between(start, end) + 1;
            case "weekly" -> java.time.temporal.ChronoUnit.WEEKS.between(start, end) + 1;
            default -> java.time.temporal.ChronoUnit.MONTHS.between(start.withDayOfMonth(1), end.withDayOfMonth(1)) + 1;
        };
    }

    /** Results that take more than this in the item (large ones gzipped) are refused before DynamoDB's 400 KB item limit refuses them less clearly. */
    public static final int MAX_RESULT_BYTES = 350 * 1024;
    /** Results whose stored size passes this go to the results bucket, when there is one (RESULTS_INLINE_MAX_BYTES). */
    public static final int DEFAULT_INLINE_MAX_BYTES = 64 * 1024;
    /** Lambda answers at most 6 MB: a result larger than this as JSON is handed out as {@link JobAttributes#RESULT_URL} instead. */
    public static final long DEFAULT_REPLY_MAX_BYTES = 5_000_000;
    /** How long a {@link JobAttributes#RESULT_URL} stays valid. */
    public static final java.time.Duration RESULT_URL_VALIDITY = java.time.Duration.ofMinutes(15);
}
