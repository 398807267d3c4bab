package com.keywordtrend.trends;

import java.util.Arrays;

/** Sen's slope: the median of the pairwise slopes of a series, exact without listing them all. */
public final class SenSlope {
    private SenSlope() {
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
    public static double of(double[] series) {
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
        return TrendStatistics.medianOfRanks(slopes, lowerRank, upperRank);
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
        if (count < 256 || !Double.isFinite(scale)) return TrendStatistics.medianOfRanks(Arrays.copyOf(values, count), lower, upper);
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
        return TrendStatistics.medianOfRanks(held, lower - below, upper - below);
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
            long below = pairsAtOrBelow(shifted(values, positions, thresholds[probe], z));
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
            long below = pairsAtOrBelow(shifted(values, positions, thresholds[mid], z));
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
            belowHi = up < count ? pairsAtOrBelow(shifted(values, positions, thresholds[up], z)) : pairs;
        }
        double lo = left < 0 ? -range - 1 : thresholds[left];
        double hi = up < count ? thresholds[up] : range + 1;
        if (belowHi - belowLo > bracketLimit(n)) {
            // only a block of slopes equal but for rounding (integer data) fills a bracket this much:
            // its sampled value is the median
            double candidate = sample[Math.min(samples - 1, Math.max(0, Arrays.binarySearch(sample, lo) >= 0
                    ? Arrays.binarySearch(sample, lo) : -Arrays.binarySearch(sample, lo) - 1))];
            double tolerance = 1e-12 * Math.max(1, range);
            boolean block = pairsAtOrBelow(shifted(values, positions, candidate - tolerance, z)) <= lowerRank
                    && upperRank < pairsAtOrBelow(shifted(values, positions, candidate + tolerance, z));
            return block ? candidate : Double.NaN;
        }
        double[] inside = new double[(int) (belowHi - belowLo)];
        int[] listed = {0};
        long found = forEachSlopeBetween(values, positions, lo, hi, slope -> {
            if (listed[0] < inside.length) inside[listed[0]++] = slope;
        });
        if (found != inside.length) return Double.NaN;
        return TrendStatistics.medianOfRanks(inside, (int) (lowerRank - belowLo), (int) (upperRank - belowLo));
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
        // the orders just above lo (a pair whose slope is lo has crossed already: it is not listed) and just
        // above hi (a pair whose slope is hi has crossed: it is)
        int[] byLo = orderJustAbove(atLo);
        int[] byHi = orderJustAbove(atHi);
        double[] rankAtHi = new double[n];
        for (int r = 0; r < n; r++) rankAtHi[byHi[r]] = r;
        double[] ranks = new double[n];
        for (int r = 0; r < n; r++) ranks[r] = rankAtHi[byLo[r]];
        // sorting the order at lo into the order at hi, the right point passes every remaining left one between them
        return MergeSort.sort(ranks, byLo, false, (q, waiting, from, to) -> {
            for (int l = from; l < to; l++) {
                int p = waiting[l];
                action.accept((values[q] - values[p]) / (positions[q] - positions[p]));
            }
        });
    }

    /**
     * 0..n−1 ordered by x − t·i just above the t that {@code key} was taken at: by the key, equal keys by
     * position descending (d/dt (x − t·i) = −i: the later point moves down faster).
     */
    private static int[] orderJustAbove(double[] key) {
        int n = key.length;
        int[] indices = new int[n];
        double[] keys = new double[n];
        for (int r = 0; r < n; r++) {
            indices[r] = n - 1 - r; // a stable sort keeps equal keys in this order
            keys[r] = key[n - 1 - r];
        }
        MergeSort.sort(keys, indices, false, null);
        return indices;
    }

    /** The k-th smallest pairwise slope (0-based), by bisection over the ordered doubles in [−range, range]. */
    private static double kthSlope(double[] values, double[] positions, long k, double range) {
        long lo = orderedBits(-range);
        long hi = orderedBits(range);
        double[] z = new double[values.length];
        while (lo < hi) {
            long mid = lo + ((hi - lo) >>> 1); // the difference may pass Long.MAX_VALUE: halve it unsigned
            double t = fromOrderedBits(mid);
            for (int i = 0; i < z.length; i++) z[i] = values[i] - t * positions[i];
            if (pairsAtOrBelow(z) > k) hi = mid;
            else lo = mid + 1;
        }
        return fromOrderedBits(lo);
    }

    /** Pairs i &lt; j with z_j ≤ z_i; sorts z. */
    private static long pairsAtOrBelow(double[] z) {
        return MergeSort.inversions(z, true);
    }

    /** A long that orders as the double does: a negative double's magnitude bits are flipped (its own inverse). */
    private static long orderedBits(double value) {
        long bits = Double.doubleToLongBits(value == 0 ? 0.0 : value);
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    private static double fromOrderedBits(long ordered) {
        return Double.longBitsToDouble(ordered ^ ((ordered >> 63) & Long.MAX_VALUE));
    }
}
