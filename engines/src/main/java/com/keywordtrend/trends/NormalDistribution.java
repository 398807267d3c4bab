package com.keywordtrend.trends;

/** The standard normal distribution's tails, to double precision far out (Cody's erfc). */
public final class NormalDistribution {
    private NormalDistribution() {
    }

    /** Standard normal CDF. */
    public static double cdf(double z) {
        return z < 0 ? upperTail(-z) : 1 - upperTail(z);
    }

    /**
     * P(Z &gt; z) for z ≥ 0, computed as the tail itself (never as 1 − Φ, which rounds to 0 past z ≈ 8):
     * W. J. Cody's rational approximations of erfc (near double precision), so that a p-value of
     * 1.6e-6 or 1e-30 is reported as such.
     */
    public static double upperTail(double z) {
        if (z < 0) return 1 - upperTail(-z);
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
}
