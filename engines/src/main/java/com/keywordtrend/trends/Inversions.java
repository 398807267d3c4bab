package com.keywordtrend.trends;

/** The one merge sort that counts out-of-order pairs: Kendall's discordant pairs and Sen's slope's counts by value. */
final class Inversions {
    private Inversions() {
    }

    /** Runs this short are sorted by insertion before they are merged. */
    private static final int RUN = 16;

    /**
     * Pairs i &lt; j with a_j &lt; a_i, and with a_j = a_i too when {@code withTies}: insertion sort of
     * short runs, then a bottom-up merge sort between a and scratch, each counting the pairs it puts
     * in order; a ends sorted.
     */
    static long count(double[] a, double[] scratch, boolean withTies) {
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
}
