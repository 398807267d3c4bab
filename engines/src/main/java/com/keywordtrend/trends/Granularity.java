package com.keywordtrend.trends;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/** The spacing of a timeline: its dates, its season length and its default window. */
public enum Granularity {
    MONTHLY(12, 36, 3),
    WEEKLY(52, 156, 4),
    DAILY(7, 90, 7);

    /** Points per seasonal cycle; points in the default window; points forecast. */
    public final int period;
    public final int defaultPoints;
    public final int horizon;

    Granularity(int period, int defaultPoints, int horizon) {
        this.period = period;
        this.defaultPoints = defaultPoints;
        this.horizon = horizon;
    }

    public static Granularity of(String name) {
        return name == null ? MONTHLY : valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    /** The start of the period holding {@code date}: the 1st of its month, its week's Sunday (as Google Trends), or itself. */
    public LocalDate periodStart(LocalDate date) {
        return switch (this) {
            case MONTHLY -> date.withDayOfMonth(1);
            case WEEKLY -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
            case DAILY -> date;
        };
    }

    public LocalDate next(LocalDate periodStart, int steps) {
        return switch (this) {
            case MONTHLY -> periodStart.plusMonths(steps);
            case WEEKLY -> periodStart.plusWeeks(steps);
            case DAILY -> periodStart.plusDays(steps);
        };
    }

    /** The last complete period before {@code today}. */
    public LocalDate lastComplete(LocalDate today) {
        return next(periodStart(today), -1);
    }

    /** Period starts from the one holding {@code start} to the one holding {@code end}. */
    public List<LocalDate> dates(LocalDate start, LocalDate end) {
        List<LocalDate> dates = new ArrayList<>();
        for (LocalDate d = periodStart(start); !d.isAfter(end); d = next(d, 1)) dates.add(d);
        return dates;
    }
}
