package com.keywordtrend.trends;

import java.util.Arrays;

/**
 * The statistics behind the insights, on series with NaN for missing points. Each method says when
 * a series is too short for it by returning null (or NaN) rather than guessing.
 */
public final class TrendStatistics {
    private TrendStatistics() {
    }

    /** Mann-Kendall: S, its tie-corrected variance, the continuity-corrected Z and the two-sided p-value. */
    public record MannKendall(double s, double variance, double z, double pValue, int n) {
        public String direction(double alpha) {
            if (pValue >= alpha || s == 0) return "flat";
            return s > 0 ? "rising" : "falling";
        }
    }

    public static final int MIN_POINTS_MANN_KENDALL = 4;

    /** Mann-Kendall trend test over the present points, in order; null below {@value #MIN_POINTS_MANN_KENDALL} points. */
    public static MannKendall mannKendall(double[] series) {
        double[] x = present(series);
        if (x.length < MIN_POINTS_MANN_KENDALL) return null;
        KendallCounts counts = kendall(x);
        return fromS(counts.s(), counts.variance(), x.length);
    }

    /** Seasonal Mann-Kendall (Hirsch): S and variances summed over each season's own sub-series. */
    public static MannKendall seasonalMannKendall(double[] series, int period) {
        double s = 0;
        double variance = 0;
        int points = 0;
        for (int season = 0; season < period; season++) {
            int count = (series.length - season + period - 1) / period;
            double[] sub = new double[Math.max(0, count)];
            for (int k = 0; k < sub.length; k++) sub[k] = series[season + k * period];
            double[] x = present(sub);
            if (x.length < 2) continue;
            KendallCounts counts = kendall(x);
            s += counts.s();
            variance += counts.variance();
            points += x.length;
        }
        if (points < MIN_POINTS_MANN_KENDALL) return null;
        return fromS(s, variance, points);
    }

    private static MannKendall fromS(double s, double variance, int n) {
        double z = variance <= 0 ? 0 : s > 0 ? (s - 1) / Math.sqrt(variance) : s < 0 ? (s + 1) / Math.sqrt(variance) : 0;
        double p = variance <= 0 ? 1.0 : 2 * normalUpperTail(Math.abs(z));
        return new MannKendall(s, variance, z, Math.clamp(p, 0, 1), n);
    }

    /** S and its tie-corrected variance. */
    private record KendallCounts(double s, double variance) {
    }

    /**
     * Knight's O(n log n) Kendall counts: a merge sort counts the discordant pairs (i &lt; j with
     * x_i &gt; x_j) and leaves x sorted, where the tied groups are runs. S = pairs − ties − 2·discordant.
     */
    private static KendallCounts kendall(double[] x) {
        int n = x.length;
        double[] sorted = x.clone();
        long discordant = strictInversions(sorted, new double[n]);
        long tiedPairs = 0;
        double tieTerm = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && sorted[j + 1] == sorted[i]) j++;
            long t = j - i + 1;
            if (t > 1) {
                tiedPairs += t * (t - 1) / 2;
                tieTerm += t * (t - 1.0) * (2 * t + 5);
            }
            i = j + 1;
        }
        long pairs = (long) n * (n - 1) / 2;
        double s = pairs - tiedPairs - 2.0 * discordant;
        return new KendallCounts(s, (n * (n - 1.0) * (2 * n + 5) - tieTerm) / 18.0);
    }

    /** Pairs i &lt; j with a_i &gt; a_j (equal values not counted); sorts a. */
    private static long strictInversions(double[] a, double[] scratch) {
        return inversions(a, scratch, false);
    }

    /**
     * Up to this many pairs (about 200 points) every slope is visited in one pass; above it the
     * bracketing by counts costs less (measured: at 260 points 66 µs a series against 89 µs).
     */
    static final long DIRECT_PAIRS = 20_000;

    /**
     * Sen's slope: the median of (x_j − x_i)/(j − i) over all present pairs i &lt; j, per period; NaN
     * below 2 points. Exact, without enumerating the n·(n−1)/2 slopes of a long series: sampled
     * slopes bracket the median's ranks between two values lo &lt; hi; the pairs at or below a value
     * t are counted in O(n log n) (slope_ij ≤ t exactly when x_j − t·j ≤ x_i − t·i, an inversion
     * count); the slopes inside the bracket are exactly the pairs whose order by x − t·i differs at
     * lo and at hi, listed by a merge sort, and the median is selected among them. Deterministic (a
     * fixed seed); O(n log² n) expected time, O(n) memory. When the median lies in a block of slopes
     * that are equal but for rounding and too many to list, one of them is returned.
     */
    public static double senSlope(double[] series) {
        int present = 0;
        for (double v : series) if (!Double.isNaN(v)) present++;
        if (present < 2) return Double.NaN;
        double[] values = new double[present];
        double[] positions = new double[present];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0, k = 0; i < series.length; i++) {
            if (Double.isNaN(series[i])) continue;
            values[k] = series[i];
            positions[k++] = i;
            min = Math.min(min, series[i]);
            max = Math.max(max, series[i]);
        }
        long pairs = (long) present * (present - 1) / 2;
        long upperRank = pairs / 2;            // the median, or the upper of the two middle slopes
        long lowerRank = (pairs - 1) / 2;
        if (pairs <= DIRECT_PAIRS) return directMedianSlope(series, values, positions, (int) pairs, (int) lowerRank, (int) upperRank);
        double range = max - min; // no slope is steeper than the range over one period
        double median = sampledMedianSlope(values, positions, pairs, lowerRank, upperRank, range);
        if (!Double.isNaN(median)) return median;
        // the arithmetic of the bracket disagreed with itself (slopes a rounding apart): bisect instead
        double upper = kthSlope(values, positions, upperRank, range);
        return lowerRank == upperRank ? upper : (upper + kthSlope(values, positions, lowerRank, range)) / 2;
    }

    /**
     * The median of every pairwise slope of a short series, in one pass that keeps only the slopes
     * between two sampled bounds around the median. The pass runs lag by lag over the series itself:
     * the pairs one lag apart compare dx with bound·lag (no division), their loads are consecutive,
     * a missing point's pairs fall on neither side of a comparison, and no branch asks on which side
     * a slope falls (half fall each way): every rise is written and kept only if inside.
     */
    private static double directMedianSlope(double[] series, double[] values, double[] positions, int pairs,
                                            int lowerRank, int upperRank) {
        int n = values.length;
        int length = series.length;
        java.util.SplittableRandom random = new java.util.SplittableRandom(0x5EED + n);
        int samples = Math.min(pairs, 1024);
        double[] sample = new double[samples];
        for (double spread = 2.5; spread <= 10 && pairs > 4 * samples; spread *= 2) {
            sampleSlopes(values, positions, random, sample);
            Arrays.sort(sample);
            double margin = spread * Math.sqrt(samples) / 2;
            int a = (int) Math.floor((double) lowerRank / pairs * samples - margin);
            int b = (int) Math.ceil((double) upperRank / pairs * samples + margin);
            double lo = a <= 0 ? Double.NEGATIVE_INFINITY : sample[a - 1];
            double hi = b >= samples ? Double.POSITIVE_INFINITY : sample[b];
            // one lag's row of slack beyond the slopes expected inside
            double[] kept = new double[(int) Math.min(pairs, 3L * pairs / samples * (b - a + 2) + 64) + length];
            int below = 0;
            int next = 0;
            boolean overflow = false;
            for (int lag = 1; lag < length; lag++) {
                if (next + length - lag > kept.length) {
                    overflow = true;
                    break;
                }
                double loRise = lo * lag; // slope ≤ lo exactly when dx ≤ lo·lag (lag > 0)
                double hiRise = hi * lag;
                int rowStart = next;
                for (int i = 0, j = lag; j < length; i++, j++) {
                    double dx = series[j] - series[i];
                    int atOrBelowLo = dx <= loRise ? 1 : 0;
                    int atOrBelowHi = dx <= hiRise ? 1 : 0;
                    below += atOrBelowLo;
                    kept[next] = dx;
                    next += atOrBelowHi - atOrBelowLo;
                }
                for (int k = rowStart; k < next; k++) kept[k] /= lag;
            }
            if (!overflow && below <= lowerRank && upperRank < below + next) {
                return medianOfRanksBetween(kept, next, lo, hi, lowerRank - below, upperRank - below);
            }
        }
        double[] slopes = new double[pairs];
        int next = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) slopes[next++] = (values[j] - values[i]) / (positions[j] - positions[i]);
        }
        return medianOfRanks(slopes, lowerRank, upperRank);
    }

    /** Fills {@code sample} with the slopes of uniformly random pairs of distinct points. */
    private static void sampleSlopes(double[] values, double[] positions, java.util.SplittableRandom random, double[] sample) {
        int n = values.length;
        for (int s = 0; s < sample.length; s++) {
            long bits = random.nextLong();
            int i = pick(bits >>> 32, n);
            int j = pick(bits & 0xFFFF_FFFFL, n - 1);
            if (j >= i) j++;
            sample[s] = (values[j] - values[i]) / (positions[j] - positions[i]);
        }
    }

    /** 32 random bits scaled to [0, bound) (Lemire's multiply-shift: no division, a bias below 2^-20 here). */
    private static int pick(long random32, int bound) {
        return (int) ((random32 * bound) >>> 32);
    }

    /**
     * {@link #medianOfRanks} of values[0..count), every one in (lo, hi]: counted into buckets of equal
     * width first (bucket order is value order), then selected among the one or two buckets that hold
     * the ranks; a selection over all of them would mispredict a branch on every other value.
     */
    private static double medianOfRanksBetween(double[] values, int count, double lo, double hi, int lower, int upper) {
        int buckets = Math.max(16, count / 16);
        double scale = buckets / (hi - lo);
        if (count < 256 || !Double.isFinite(scale)) return medianOfRanks(Arrays.copyOf(values, count), lower, upper);
        int[] counts = new int[buckets];
        short[] bucketOf = new short[count]; // buckets ≤ count / 16 ≤ 60,000 / 16: a short holds each
        for (int i = 0; i < count; i++) {
            int b = Math.min(buckets - 1, (int) ((values[i] - lo) * scale));
            bucketOf[i] = (short) b;
            counts[b]++;
        }
        int first = -1;
        int below = 0; // values in buckets before the first
        int last = 0;
        for (int b = 0, cumulative = 0; b < buckets; b++) {
            if (first < 0 && cumulative + counts[b] > lower) {
                first = b;
                below = cumulative;
            }
            cumulative += counts[b];
            if (cumulative > upper) {
                last = b;
                break;
            }
        }
        int size = 0;
        for (int b = first; b <= last; b++) size += counts[b];
        double[] held = new double[size];
        int next = 0;
        for (int i = 0; i < count; i++) {
            if (bucketOf[i] >= first && bucketOf[i] <= last) held[next++] = values[i];
        }
        return medianOfRanks(held, lower - below, upper - below);
    }

    /** The mean of the slopes of ranks {@code lower} and {@code upper} (equal for an odd count); reorders slopes. */
    private static double medianOfRanks(double[] slopes, int lower, int upper) {
        double high = select(slopes, 0, slopes.length - 1, upper);
        if (lower == upper) return high;
        // after selection every slope left of {@code upper} is at most the upper one: the lower is their maximum
        double low = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < upper; i++) low = Math.max(low, slopes[i]);
        return (low + high) / 2;
    }

    /** The value of rank k (0-based) within a[from..to], partially ordering a around it (Hoare, median of three). */
    private static double select(double[] a, int from, int to, int k) {
        while (to > from) {
            int mid = (from + to) >>> 1;
            double pivot = Math.max(Math.min(a[from], a[mid]), Math.min(Math.max(a[from], a[mid]), a[to]));
            int i = from;
            int j = to;
            while (i <= j) {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) {
                    double t = a[i];
                    a[i++] = a[j];
                    a[j--] = t;
                }
            }
            if (k <= j) to = j;
            else if (k >= i) from = i;
            else return a[k];
        }
        return a[k];
    }

    /**
     * The median of the slopes through a bracket found among sampled slopes; NaN when the bracket's
     * counts disagree with its listing (slopes a rounding apart). n random pairs are sorted; a binary
     * search over the midpoints between consecutive sampled slopes, counting the pairs at or below each
     * (O(n log n) apiece), finds the two that enclose the median's ranks; about n·(n−1)/2/n = n/2 slopes
     * lie between them, and those are listed and the median selected among them.
     */
    private static double sampledMedianSlope(double[] values, double[] positions, long pairs, long lowerRank, long upperRank,
                                             double range) {
        int n = values.length;
        java.util.SplittableRandom random = new java.util.SplittableRandom(0x5EED + n);
        int samples = (int) Math.min(pairs, Math.max(1_000, n));
        double[] sample = new double[samples];
        sampleSlopes(values, positions, random, sample);
        Arrays.sort(sample);
        // thresholds between consecutive distinct sampled slopes: no threshold is a sampled slope
        double[] thresholds = new double[samples];
        int count = 0;
        for (int s = 0; s + 1 < samples; s++) {
            if (sample[s] != sample[s + 1]) thresholds[count++] = (sample[s] + sample[s + 1]) / 2;
        }
        double[] z = new double[n];
        double[] scratch = new double[n];
        // the last threshold with at most lowerRank pairs at or below it (−1: below every slope)
        int left = -1;
        int right = count;
        long belowLo = 0;
        long belowRight = pairs;
        // the sample's own estimate first: the median's threshold lies within ±2 standard deviations of
        // its expected place, so two counts usually shorten the binary search by a third
        int expected = (int) ((double) lowerRank / pairs * count);
        int deviation = (int) Math.ceil(Math.sqrt(count));
        for (int probe : new int[] {expected - deviation, expected + deviation}) {
            if (probe <= left || probe >= right) continue;
            long below = pairsAtOrBelow(shifted(values, positions, thresholds[probe], z), scratch);
            if (below <= lowerRank) {
                left = probe;
                belowLo = below;
            } else {
                right = probe;
                belowRight = below;
            }
        }
        while (right - left > 1) {
            // interpolate between the two counts known (ranks grow almost linearly along the sample)
            long span = Math.max(1, belowRight - belowLo);
            int mid = left + (int) Math.round((double) (lowerRank - belowLo) / span * (right - left));
            mid = Math.clamp(mid, left + 1, right - 1);
            long below = pairsAtOrBelow(shifted(values, positions, thresholds[mid], z), scratch);
            if (below <= lowerRank) {
                left = mid;
                belowLo = below;
            } else {
                right = mid;
                belowRight = below;
            }
        }
        // the first threshold with more than upperRank at or below it: right, or a step or two above
        int up = right;
        long belowHi = belowRight;
        while (up < count && belowHi <= upperRank) {
            up++;
            belowHi = up < count ? pairsAtOrBelow(shifted(values, positions, thresholds[up], z), scratch) : pairs;
        }
        double lo = left < 0 ? -range - 1 : thresholds[left];
        double hi = up < count ? thresholds[up] : range + 1;
        if (belowHi - belowLo > bracketLimit(n)) {
            // only a block of slopes equal but for rounding (integer data) fills a bracket this much:
            // its sampled value is the median
            double candidate = sample[Math.min(samples - 1, Math.max(0, Arrays.binarySearch(sample, lo) >= 0
                    ? Arrays.binarySearch(sample, lo) : -Arrays.binarySearch(sample, lo) - 1))];
            double tolerance = 1e-12 * Math.max(1, range);
            boolean block = pairsAtOrBelow(shifted(values, positions, candidate - tolerance, z), scratch) <= lowerRank
                    && upperRank < pairsAtOrBelow(shifted(values, positions, candidate + tolerance, z), scratch);
            return block ? candidate : Double.NaN;
        }
        double[] inside = new double[(int) (belowHi - belowLo)];
        int[] listed = {0};
        long found = forEachSlopeBetween(values, positions, lo, hi, slope -> {
            if (listed[0] < inside.length) inside[listed[0]++] = slope;
        });
        if (found != inside.length) return Double.NaN;
        return medianOfRanks(inside, (int) (lowerRank - belowLo), (int) (upperRank - belowLo));
    }

    /** The slopes held at once at most: linear in the points, with a floor for short series. */
    static long bracketLimit(int points) {
        return Math.max(4L * points, 20_000);
    }

    private static double[] shifted(double[] values, double[] positions, double t, double[] z) {
        for (int i = 0; i < z.length; i++) z[i] = values[i] - t * positions[i];
        return z;
    }

    /**
     * Passes each slope in (lo, hi] to {@code action} and returns how many there were: the pairs whose
     * order by x − t·i differs at t = lo and at t = hi (two lines of the dual cross exactly there),
     * listed by a merge sort in O(n log n + their number).
     */
    private static long forEachSlopeBetween(double[] values, double[] positions, double lo, double hi,
                                            java.util.function.DoubleConsumer action) {
        int n = values.length;
        double[] atLo = new double[n];
        double[] atHi = new double[n];
        for (int i = 0; i < n; i++) {
            atLo[i] = values[i] - lo * positions[i];
            atHi[i] = values[i] - hi * positions[i];
        }
        // the order at lo (ties as at hi: a pair whose slope is lo does not count)...
        int[] byLo = sortedIndices(atLo, atHi, false);
        // ...and at hi (ties against the order at lo: a pair whose slope is hi counts)
        int[] byHi = sortedIndices(atHi, atLo, true);
        int[] rankAtHi = new int[n];
        for (int r = 0; r < n; r++) rankAtHi[byHi[r]] = r;
        int[] points = byLo;
        int[] buffer = new int[n];
        long listed = 0;
        for (int width = 1; width < n; width *= 2) {
            for (int from = 0; from < n; from += 2 * width) {
                int mid = Math.min(from + width, n);
                int to = Math.min(from + 2 * width, n);
                int i = from;
                int j = mid;
                int out = from;
                while (i < mid && j < to) {
                    if (rankAtHi[points[j]] < rankAtHi[points[i]]) {
                        // the right point passes every remaining left one between lo and hi
                        int q = points[j];
                        for (int l = i; l < mid; l++) {
                            int p = points[l];
                            action.accept((values[q] - values[p]) / (positions[q] - positions[p]));
                        }
                        listed += mid - i;
                        buffer[out++] = points[j++];
                    } else {
                        buffer[out++] = points[i++];
                    }
                }
                while (i < mid) buffer[out++] = points[i++];
                while (j < to) buffer[out++] = points[j++];
            }
            int[] swap = points;
            points = buffer;
            buffer = swap;
        }
        return listed;
    }

    /** 0..n−1 ordered by {@code key}, ties by {@code tie} (descending when asked): a merge sort of ints. */
    private static int[] sortedIndices(double[] key, double[] tie, boolean tieDescending) {
        int n = key.length;
        int[] src = new int[n];
        for (int i = 0; i < n; i++) src[i] = i;
        int[] dst = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int from = 0; from < n; from += 2 * width) {
                int mid = Math.min(from + width, n);
                int to = Math.min(from + 2 * width, n);
                int i = from;
                int j = mid;
                int out = from;
                while (i < mid && j < to) {
                    int p = src[i];
                    int q = src[j];
                    boolean rightFirst = key[q] < key[p]
                            || (key[q] == key[p] && (tieDescending ? tie[q] > tie[p] : tie[q] < tie[p]));
                    dst[out++] = rightFirst ? src[j++] : src[i++];
                }
                while (i < mid) dst[out++] = src[i++];
                while (j < to) dst[out++] = src[j++];
            }
            int[] swap = src;
            src = dst;
            dst = swap;
        }
        return src;
    }

    /** The k-th smallest pairwise slope (0-based), by bisection over the ordered doubles in [−range, range]. */
    private static double kthSlope(double[] values, double[] positions, long k, double range) {
        long lo = orderedBits(-range);
        long hi = orderedBits(range);
        double[] z = new double[values.length];
        double[] scratch = new double[values.length];
        while (lo < hi) {
            long mid = lo + ((hi - lo) >>> 1); // the difference may pass Long.MAX_VALUE: halve it unsigned
            double t = fromOrderedBits(mid);
            for (int i = 0; i < z.length; i++) z[i] = values[i] - t * positions[i];
            if (pairsAtOrBelow(z, scratch) > k) hi = mid;
            else lo = mid + 1;
        }
        return fromOrderedBits(lo);
    }

    /** Runs this short are sorted by insertion before they are merged. */
    private static final int RUN = 16;

    /** Pairs i &lt; j with z_j ≤ z_i; sorts z. */
    private static long pairsAtOrBelow(double[] z, double[] scratch) {
        return inversions(z, scratch, true);
    }

    /**
     * Pairs i &lt; j with a_j &lt; a_i, and with a_j = a_i too when {@code withTies}: insertion sort of
     * short runs, then a bottom-up merge sort between a and scratch, each counting the pairs it puts
     * in order; a ends sorted.
     */
    private static long inversions(double[] a, double[] scratch, boolean withTies) {
        int n = a.length;
        long count = 0;
        for (int from = 0; from < n; from += RUN) {
            int to = Math.min(from + RUN, n);
            for (int i = from + 1; i < to; i++) {
                double v = a[i];
                int j = i - 1;
                while (j >= from && (a[j] > v || (withTies && a[j] == v))) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
                count += i - 1 - j;
            }
        }
        double[] src = a;
        double[] dst = scratch;
        for (int width = RUN; width < n; width *= 2) {
            for (int from = 0; from < n; from += 2 * width) {
                int mid = Math.min(from + width, n);
                int to = Math.min(from + 2 * width, n);
                int i = from;
                int j = mid;
                int out = from;
                while (i < mid && j < to) {
                    // a right element before a left one pairs it with every left element still waiting
                    if (src[j] < src[i] || (withTies && src[j] == src[i])) {
                        count += mid - i;
                        dst[out++] = src[j++];
                    } else {
                        dst[out++] = src[i++];
                    }
                }
                while (i < mid) dst[out++] = src[i++];
                while (j < to) dst[out++] = src[j++];
            }
            double[] swap = src;
            src = dst;
            dst = swap;
        }
        if (src != a) System.arraycopy(src, 0, a, 0, n);
        return count;
    }

    /** A long that orders as the double does: a negative double's magnitude bits are flipped (its own inverse). */
    private static long orderedBits(double value) {
        long bits = Double.doubleToLongBits(value == 0 ? 0.0 : value);
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    private static double fromOrderedBits(long ordered) {
        return Double.longBitsToDouble(ordered ^ ((ordered >> 63) & Long.MAX_VALUE));
    }

    /** Standard normal CDF. */
    public static double normalCdf(double z) {
        return z < 0 ? normalUpperTail(-z) : 1 - normalUpperTail(z);
    }

    /**
     * P(Z &gt; z) for z ≥ 0, computed as the tail itself (never as 1 − Φ, which rounds to 0 past z ≈ 8):
     * W. J. Cody's rational approximations of erfc (near double precision), so that a p-value of
     * 1.6e-6 or 1e-30 is reported as such.
     */
    public static double normalUpperTail(double z) {
        if (z < 0) return 1 - normalUpperTail(-z);
        return 0.5 * erfc(z / Math.sqrt(2));
    }

    private static final double[] ERFC_C = {5.64188496988670089e-1, 8.88314979438837594e0, 6.61191906371416295e1,
            2.98635138197400131e2, 8.81952221241769090e2, 1.71204761263407058e3, 2.05107837782607147e3,
            1.23033935479799725e3, 2.15311535474403846e-8};
    private static final double[] ERFC_D = {1.57449261107098347e1, 1.17693950891312499e2, 5.37181101862009858e2,
            1.62138957456669019e3, 3.29079923573345963e3, 4.36261909014324716e3, 3.43936767414372164e3,
            1.23033935480374942e3};
    private static final double[] ERFC_P = {3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
            1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2};
    private static final double[] ERFC_Q = {2.56852019228982242e0, 1.87295284992346725e0, 5.27905102951428412e-1,
            6.05183413124413191e-2, 2.33520497626869185e-3};

    /** erfc(x) for x ≥ 0 (W. J. Cody's rational approximations, Netlib SPECFUN CALERF). */
    static double erfc(double x) {
        if (x <= 0.46875) return 1 - erfSmall(x);
        double result;
        if (x <= 4) {
            double num = ERFC_C[8] * x;
            double den = x;
            for (int i = 0; i < 7; i++) {
                num = (num + ERFC_C[i]) * x;
                den = (den + ERFC_D[i]) * x;
            }
            result = (num + ERFC_C[7]) / (den + ERFC_D[7]);
        } else {
            if (x >= 26.55) return 0; // below the smallest double
            double y = 1 / (x * x);
            double num = ERFC_P[5] * y;
            double den = y;
            for (int i = 0; i < 4; i++) {
                num = (num + ERFC_P[i]) * y;
                den = (den + ERFC_Q[i]) * y;
            }
            result = y * (num + ERFC_P[4]) / (den + ERFC_Q[4]);
            result = (1 / Math.sqrt(Math.PI) - result) / x;
        }
        // exp(−x²) in two factors, so that x² loses no precision
        double rounded = Math.floor(x * 16) / 16;
        double delta = (x - rounded) * (x + rounded);
        return Math.exp(-rounded * rounded) * Math.exp(-delta) * result;
    }

    /** erf(x) for |x| ≤ 0.46875 (Cody's first interval). */
    private static double erfSmall(double x) {
        double[] p = {3.16112374387056560e0, 1.13864154151050156e2, 3.77485237685302021e2, 3.20937758913846947e3,
                1.85777706184603153e-1};
        double[] q = {2.36012909523441209e1, 2.44024637934444173e2, 1.28261652607737228e3, 2.84423683343917062e3};
        double y = x * x;
        double num = p[4] * y;
        double den = y;
        for (int i = 0; i < 3; i++) {
            num = (num + p[i]) * y;
            den = (den + q[i]) * y;
        }
        return x * (num + p[3]) / (den + q[3]);
    }

    public static double median(double[] values) {
        if (values.length == 0) return Double.NaN;
        // selected, not sorted: the two middle ranks are all a median needs
        return medianOfRanks(values.clone(), (values.length - 1) / 2, values.length / 2);
    }

    /** Percent change of the mean of the last k present points over the k before; NaN when short or from zero. */
    public static double growthPercent(double[] series, int k) {
        double[] x = present(series);
        if (x.length < 2 * k) return Double.NaN;
        double recent = mean(x, x.length - k, x.length);
        double before = mean(x, x.length - 2 * k, x.length - k);
        return before == 0 ? Double.NaN : (recent - before) / before * 100;
    }

    /** Damped-trend Holt-Winters (additive season when {@code period} > 1 and two periods are there, else Holt). */
    public record Forecast(double[] mean, double[] lower, double[] upper) {
    }

    public static final int MIN_POINTS_FORECAST = 6;

    /** A forecast is fitted to the latest this many seasons (at least 60 points): what comes next depends on them. */
    static final int FORECAST_HISTORY_SEASONS = 4;

    public static Forecast forecast(double[] series, int period, int horizon) {
        double[] all = present(series);
        if (all.length < MIN_POINTS_FORECAST) return null;
        int history = Math.max(60, FORECAST_HISTORY_SEASONS * Math.max(1, period));
        double[] x = all.length <= history ? all : Arrays.copyOfRange(all, all.length - history, all.length);
        boolean seasonal = period > 1 && x.length >= 2 * period;
        int m = seasonal ? period : 1;
        double[] gammas = seasonal ? new double[] {0.05, 0.1, 0.3} : new double[] {0};
        HoltWinters fits = HoltWinters.fit(x, m, HOLT_WINTERS_ALPHAS, HOLT_WINTERS_BETAS, gammas, HOLT_WINTERS_PHI);
        int chosen = 0; // the first of the least errors, alpha major, then beta, then gamma
        for (int c = 1; c < fits.sse().length; c++) if (fits.sse()[c] < fits.sse()[chosen]) chosen = c;
        double bestSse = fits.sse()[chosen];
        double[] fit = fits.forecast(chosen, x.length, HOLT_WINTERS_PHI, horizon);
        int fitted = x.length - (seasonal ? period : 1);
        double sigma = Math.sqrt(bestSse / Math.max(1, fitted - 1));
        double[] mean = new double[horizon];
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            mean[h] = Math.max(0, fit[h]);
            double width = 1.96 * sigma * Math.sqrt(h + 1.0);
            lower[h] = Math.max(0, fit[h] - width);
            upper[h] = fit[h] + width;
        }
        return new Forecast(mean, lower, upper);
    }

    private static final double[] HOLT_WINTERS_ALPHAS = {0.1, 0.3, 0.5, 0.7, 0.9};
    private static final double[] HOLT_WINTERS_BETAS = {0.05, 0.1, 0.3};
    private static final double HOLT_WINTERS_PHI = 0.98;

    /**
     * Damped Holt-Winters fits, one per (alpha, beta, gamma), alpha major, then beta: each fit's
     * one-step SSE and its state after the last point ({@code season[p * fits + c]}: fit c's season at
     * phase p). The fits run side by side, so each point's chain of dependent arithmetic overlaps the
     * others' instead of waiting on its own (and the compiler can run them in vector lanes).
     */
    private record HoltWinters(double[] sse, double[] level, double[] trend, double[] season, int period) {
        static HoltWinters fit(double[] x, int period, double[] alphas, double[] betas, double[] gammas, double phi) {
            int fits = alphas.length * betas.length * gammas.length;
            double[] level = new double[fits];
            double[] trend = new double[fits];
            double[] alpha = new double[fits];
            double[] beta = new double[fits];
            double[] gamma = new double[fits];
            double[] season = new double[fits * period];
            double startLevel = period > 1 ? mean(x, 0, period) : x[0];
            double startTrend = period > 1 ? (mean(x, period, 2 * period) - startLevel) / period : x[1] - x[0];
            for (int c = 0; c < fits; c++) {
                level[c] = startLevel;
                trend[c] = startTrend;
                alpha[c] = alphas[c / (betas.length * gammas.length)];
                beta[c] = betas[c / gammas.length % betas.length];
                gamma[c] = gammas[c % gammas.length];
                if (period > 1) for (int i = 0; i < period; i++) season[i * fits + c] = x[i] - startLevel;
            }
            double[] sse = new double[fits];
            // the phase is t % period, kept as a counter: a division per point was most of this loop's time
            for (int t = period > 1 ? period : 1, phase = 0; t < x.length; t++, phase = phase + 1 == period ? 0 : phase + 1) {
                double xt = x[t];
                int at = phase * fits;
                for (int c = 0; c < fits; c++) {
                    double s = season[at + c];
                    double predicted = level[c] + phi * trend[c] + s;
                    double error = xt - predicted;
                    sse[c] += error * error;
                    double newLevel = alpha[c] * (xt - s) + (1 - alpha[c]) * (level[c] + phi * trend[c]);
                    trend[c] = beta[c] * (newLevel - level[c]) + (1 - beta[c]) * phi * trend[c];
                    season[at + c] = gamma[c] * (xt - newLevel) + (1 - gamma[c]) * s;
                    level[c] = newLevel;
                }
            }
            return new HoltWinters(sse, level, trend, season, period);
        }

        /** Fit c's forecasts 1..horizon after {@code points} points, its trend damped by phi. */
        double[] forecast(int c, int points, double phi, int horizon) {
            int fits = sse.length;
            double[] out = new double[horizon];
            double damp = 0;
            for (int h = 1; h <= horizon; h++) {
                damp += Math.pow(phi, h);
                out[h - 1] = level[c] + damp * trend[c] + season[(points + h - 1) % period * fits + c];
            }
            return out;
        }
    }

    static double[] present(double[] series) {
        int count = 0;
        for (double v : series) if (!Double.isNaN(v)) count++;
        if (count == series.length) return series.clone();
        double[] values = new double[count];
        int next = 0;
        for (double v : series) if (!Double.isNaN(v)) values[next++] = v;
        return values;
    }

    static double mean(double[] x, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) sum += x[i];
        return sum / (to - from);
    }

    static double variance(double[] x) {
        if (x.length < 2) return 0;
        double m = mean(x, 0, x.length);
        double sum = 0;
        for (double v : x) sum += (v - m) * (v - m);
        return sum / (x.length - 1);
    }
}
