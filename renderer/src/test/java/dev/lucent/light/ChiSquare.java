package dev.lucent.light;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pearson chi-square goodness of fit for sampling tests. Bins whose expected count is below 5 are pooled into
 * one (as pbrt's chi-square tests do). The fit is rejected when the statistic exceeds its mean (the degrees
 * of freedom) by more than 6 standard deviations, sqrt(2 dof): a false alarm is practically impossible with
 * the fixed seeds used, while a wrong pdf on the sample sizes used gives statistics far above that.
 * Observed counts in a bin of zero expectation fail the test outright.
 */
final class ChiSquare {
    private ChiSquare() {}

    static double statistic(long[] observed, double[] expected, int[] dofOut) {
        double chi2 = 0, pooledObserved = 0, pooledExpected = 0;
        int bins = 0;
        for (int i = 0; i < observed.length; i++) {
            if (expected[i] == 0) {
                if (observed[i] > 0) return Double.POSITIVE_INFINITY;
                continue;
            }
            if (expected[i] < 5) {
                pooledObserved += observed[i];
                pooledExpected += expected[i];
                continue;
            }
            double d = observed[i] - expected[i];
            chi2 += d * d / expected[i];
            bins++;
        }
        if (pooledExpected > 0) {
            double d = pooledObserved - pooledExpected;
            chi2 += d * d / pooledExpected;
            bins++;
        }
        dofOut[0] = Math.max(1, bins - 1);
        return chi2;
    }

    static void assertFits(long[] observed, double[] expected, String what) {
        int[] dof = new int[1];
        double chi2 = statistic(observed, expected, dof);
        double limit = dof[0] + 6 * Math.sqrt(2.0 * dof[0]);
        assertTrue(chi2 < limit, what + ": chi-square " + chi2 + " with " + dof[0] + " dof exceeds " + limit);
    }
}
