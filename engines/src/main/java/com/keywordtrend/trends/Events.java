package com.keywordtrend.trends;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Waves and spikes: runs of points far above a baseline that an event cannot bend. The baseline is
 * a running median over a window about twice as long as the longest wave to be found (a year of a
 * weekly series, two of a monthly one, 29 days), so a wave holding less than half of it leaves it
 * where it was; waves closer than a quarter of that window are one wave; "far" is a robust z-score (the deviations' median absolute deviation, at least one point of
 * the 0–100 scale) and a share of the baseline, so that neither a rounding wobble of a flat series
 * nor a 5 % ripple on a high one is an event.
 */
public final class Events {
    /** A point is part of an event this many robust standard deviations above the baseline... */
    static final double Z = 3.5;
    /** ...and at least this share above it... */
    static final double MIN_RISE = 0.3;
    /** ...and at least this share of the series' highest point (what its chart makes visible)... */
    static final double MIN_VISIBLE = 0.1;
    /** ...and an event rises at least half as high as the largest one (the chart shows the big ones). */
    static final double MIN_SHARE_OF_LARGEST = 0.5;
    /**
     * The spread on the square-root scale is taken as at least this: exports are whole numbers, and
     * from 1 to 2 is 0.41 there.
     */
    static final double MIN_SPREAD = 0.25;
    /** An event's span runs on while its points stay this many deviations above the baseline. */
    static final double EDGE_Z = 1.0;
    /** The most events reported, the largest first. */
    static final int MAX_EVENTS = 6;

    /**
     * One event, by index into the series.
     *
     * @param end the last index of the event, or -1 when it runs to the latest point (ongoing)
     */
    public record Event(int start, int peak, int end, double peakValue, double baseline, String kind) {
        public boolean ongoing() {
            return end < 0;
        }
    }

    private Events() {
    }

    /** The baseline window of a granularity, odd. */
    static int window(Granularity granularity) {
        return switch (granularity) {
            case MONTHLY -> 25;
            case WEEKLY -> 53;
            case DAILY -> 29;
        };
    }

    /** The events of a series without a season. */
    public static List<Event> find(double[] x, Granularity granularity) {
        return find(x, null, granularity);
    }

    /**
     * The events of {@code x} (missing points filled in), largest first, at most {@value #MAX_EVENTS}.
     * With a {@code season} (at the series' level: {@link Seasonality.Verdict#expectedAtLevel()}), the
     * level an event must stand above is the baseline of the series less its season, plus the season:
     * a seasonal high is expected, not an event.
     */
    public static List<Event> find(double[] x, double[] season, Granularity granularity) {
        int n = x.length;
        if (n < 8) return List.of();
        double[] adjusted = x.clone();
        if (season != null) for (int i = 0; i < n; i++) adjusted[i] -= season[i];
        double[] baseline = runningMedian(adjusted, window(granularity));
        if (season != null) for (int i = 0; i < n; i++) baseline[i] += season[i];
        double[] excess = new double[n];
        for (int i = 0; i < n; i++) excess[i] = x[i] - baseline[i];
        // search interest is count-like, its noise growing with its level: the deviations are measured on
        // the square-root scale, where that noise is even (a seasonal high's wobble is no event)
        double[] deviation = new double[n];
        for (int i = 0; i < n; i++) deviation[i] = Math.sqrt(Math.max(0, x[i])) - Math.sqrt(Math.max(0, baseline[i]));
        double spread = Math.max(MIN_SPREAD, 1.4826 * medianAbsolute(deviation));
        double max = 0;
        for (double v : x) max = Math.max(max, v);
        double visible = MIN_VISIBLE * max;
        boolean[] high = new boolean[n];
        for (int i = 0; i < n; i++) {
            high[i] = deviation[i] > Z * spread && excess[i] >= MIN_RISE * Math.max(baseline[i], 1) && excess[i] >= visible;
        }
        int gap = window(granularity) / 4;
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!high[i]) continue;
            int start = i;
            int end = i;
            // one quiet point inside a wave does not end it
            while (end + 1 < n && (high[end + 1] || (end + 2 < n && high[end + 2]))) end++;
            i = end;
            while (start > 0 && deviation[start - 1] > EDGE_Z * spread) start--;
            while (end + 1 < n && deviation[end + 1] > EDGE_Z * spread) end++;
            if (start == 0) {
                // a series that opens high shows no rise: that is where it starts, not an event
                i = end;
                continue;
            }
            int peak = start;
            for (int k = start; k <= end; k++) if (x[k] > x[peak]) peak = k;
            if (x[peak] - baseline[peak] < MIN_RISE * Math.max(baseline[peak], 1)) {
                i = end; // a ripple on a plateau: its own peak is not far above the level around it
                continue;
            }
            int width = end - start + 1;
            String kind = width <= (granularity == Granularity.MONTHLY ? 2 : 3) ? "spike" : "wave";
            Event event = new Event(start, peak, end == n - 1 ? -1 : end, x[peak], baseline[peak], kind);
            if (!events.isEmpty() && events.getLast().end() >= 0 && start <= events.getLast().end() + gap) {
                Event previous = events.removeLast();
                int mergedPeak = x[previous.peak()] >= x[peak] ? previous.peak() : peak;
                event = new Event(previous.start(), mergedPeak, event.end(), x[mergedPeak], baseline[mergedPeak], "wave");
            }
            events.add(event);
            i = end == n - 1 ? n : end;
        }
        events.sort(Comparator.comparingDouble((Event e) -> -(e.peakValue() - e.baseline())));
        if (events.isEmpty()) return events;
        double largest = events.getFirst().peakValue() - events.getFirst().baseline();
        return events.stream().filter(e -> e.peakValue() - e.baseline() >= MIN_SHARE_OF_LARGEST * largest).limit(MAX_EVENTS).toList();
    }

    /**
     * The median of each centred window of {@code window} points (shorter at the ends), from one
     * sorted copy of the window that slides: the point leaving is removed and the one entering
     * inserted, each by a binary search and a move of at most a window's values.
     */
    static double[] runningMedian(double[] x, int window) {
        int n = x.length;
        int half = window / 2;
        double[] out = new double[n];
        double[] sorted = new double[Math.min(window, n) + 1]; // one over while a point enters before one leaves
        int size = 0;
        int nextIn = 0; // the next point to enter the window
        for (int i = 0; i < n; i++) {
            int to = Math.min(n, i + half + 1);
            while (nextIn < to) size = insert(sorted, size, x[nextIn++]);
            int leaving = i - half - 1;
            if (leaving >= 0) size = remove(sorted, size, x[leaving]);
            out[i] = size % 2 == 1 ? sorted[size / 2] : (sorted[size / 2 - 1] + sorted[size / 2]) / 2;
        }
        return out;
    }

    private static int insert(double[] sorted, int size, double value) {
        int at = lowerBound(sorted, size, value);
        System.arraycopy(sorted, at, sorted, at + 1, size - at);
        sorted[at] = value;
        return size + 1;
    }

    private static int remove(double[] sorted, int size, double value) {
        int at = lowerBound(sorted, size, value);
        System.arraycopy(sorted, at + 1, sorted, at, size - at - 1);
        return size - 1;
    }

    private static int lowerBound(double[] sorted, int size, double value) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static double medianAbsolute(double[] values) {
        double[] abs = new double[values.length];
        for (int i = 0; i < values.length; i++) abs[i] = Math.abs(values[i]);
        return TrendStatistics.median(abs);
    }
}
