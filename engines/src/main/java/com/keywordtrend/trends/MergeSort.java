package com.keywordtrend.trends;

/**
 * The one merge sort of the trend statistics: a stable bottom-up merge of double keys that counts,
 * and can report, the pairs it puts in order. Kendall's discordant pairs, Sen's slope's counts by
 * value, its two orders and the listing of the pairs between them are all this routine.
 */
final class MergeSort {
    private MergeSort() {
    }

    /** Runs this short are sorted by insertion before they are merged. */
    private static final int RUN = 16;

    /** Told when the element carrying {@code q}, on the right, goes before the left ones still waiting: {@code waiting[from..to)}. */
    interface Passes {
        void accept(int q, int[] waiting, int from, int to);
    }

    /**
     * Sorts {@code keys} ascending, stably, permuting {@code carried} (when given) alike, and returns
     * how many pairs i &lt; j it put in order: keys_j &lt; keys_i, or keys_j ≤ keys_i when {@code ties}
     * (a right element put before a left one pairs it with every left element still waiting);
     * {@code passes}, when given, hears of each such step with the carried values. The sorted
     * arrays are left in {@code keys} and {@code carried}.
     */
    static long sort(double[] keys, int[] carried, boolean ties, Passes passes) {
        int n = keys.length;
        double[] src = keys;
        double[] dst = new double[n];
        int[] carriedSrc = carried;
        int[] carriedDst = carried == null ? null : new int[n];
        long pairs = 0;
        // runs this short are sorted by insertion first: an element passes the run's elements it moves before
        for (int start = 0; start < n; start += RUN) {
            int end = Math.min(start + RUN, n);
            for (int i = start + 1; i < end; i++) {
                double v = keys[i];
                int c = carried == null ? 0 : carried[i];
                int j = i - 1;
                while (j >= start && (keys[j] > v || (ties && keys[j] == v))) {
                    keys[j + 1] = keys[j];
                    if (carried != null) carried[j + 1] = carried[j];
                    j--;
                }
                keys[j + 1] = v;
                pairs += i - 1 - j;
                if (carried != null) {
                    carried[j + 1] = c;
                    if (passes != null && j + 1 < i) passes.accept(c, carried, j + 2, i + 1);
                }
            }
        }
        for (int width = RUN; width < n; width *= 2) {
            for (int from = 0; from < n; from += 2 * width) {
                int mid = Math.min(from + width, n);
                int to = Math.min(from + 2 * width, n);
                int i = from;
                int j = mid;
                int out = from;
                while (i < mid && j < to) {
                    if (src[j] < src[i] || (ties && src[j] == src[i])) {
                        pairs += mid - i;
                        if (carriedSrc != null) {
                            if (passes != null) passes.accept(carriedSrc[j], carriedSrc, i, mid);
                            carriedDst[out] = carriedSrc[j];
                        }
                        dst[out++] = src[j++];
                    } else {
                        if (carriedSrc != null) carriedDst[out] = carriedSrc[i];
                        dst[out++] = src[i++];
                    }
                }
                // what is left of either side is in order already
                System.arraycopy(src, i, dst, out, mid - i);
                System.arraycopy(src, j, dst, out + mid - i, to - j);
                if (carriedSrc != null) {
                    System.arraycopy(carriedSrc, i, carriedDst, out, mid - i);
                    System.arraycopy(carriedSrc, j, carriedDst, out + mid - i, to - j);
                }
            }
            double[] swap = src;
            src = dst;
            dst = swap;
            int[] swapCarried = carriedSrc;
            carriedSrc = carriedDst;
            carriedDst = swapCarried;
        }
        if (src != keys) {
            System.arraycopy(src, 0, keys, 0, n);
            if (carried != null) System.arraycopy(carriedSrc, 0, carried, 0, n);
        }
        return pairs;
    }

    /** Pairs i &lt; j with a_j &lt; a_i, and with a_j = a_i too when {@code withTies}; {@code a} ends sorted. */
    static long inversions(double[] a, boolean withTies) {
        return sort(a, null, withTies, null);
    }
}
