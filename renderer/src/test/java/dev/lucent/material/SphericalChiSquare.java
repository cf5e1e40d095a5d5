package dev.lucent.material;

import java.util.SplittableRandom;
import org.joml.Vector3f;

/**
 * Chi-square goodness-of-fit of a direction sampler against its claimed density, as pbrt-v3 and Mitsuba test
 * their BSDFs: directions are binned over (theta, phi) of the whole sphere, each bin's expected count is the
 * density integrated over the bin (adaptive Simpson in theta and phi, integrand pdf sin(theta)), bins expecting
 * fewer than {@link #MIN_EXPECTED} samples are pooled, and the statistic's p-value comes from the chi-square
 * distribution. Failed samples (no direction) are not binned; the density integrates to the success rate.
 */
final class SphericalChiSquare {
    static final double MIN_EXPECTED = 5;

    interface DirectionSampler {
        /** Draws a direction from (u0, u1, u2) into wi; false when no direction results. */
        boolean sample(float u0, float u1, float u2, Vector3f wi);
    }

    interface Density {
        double pdf(Vector3f w);
    }

    final int thetaRes, phiRes;
    /** Samples that produced no direction in the last {@link #histogram} call. */
    long failures;

    SphericalChiSquare(int thetaRes, int phiRes) {
        this.thetaRes = thetaRes;
        this.phiRes = phiRes;
    }

    int cell(Vector3f w) {
        double theta = Math.acos(Math.max(-1, Math.min(1, w.z / w.length())));
        double phi = Math.atan2(w.y, w.x);
        if (phi < 0) phi += 2 * Math.PI;
        int i = Math.min((int) (theta / Math.PI * thetaRes), thetaRes - 1);
        int j = Math.min((int) (phi / (2 * Math.PI) * phiRes), phiRes - 1);
        return i * phiRes + j;
    }

    double[] histogram(DirectionSampler s, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] counts = new double[thetaRes * phiRes];
        Vector3f wi = new Vector3f();
        failures = 0;
        for (int k = 0; k < n; k++) {
            if (s.sample((float) rng.nextDouble(), (float) rng.nextDouble(), (float) rng.nextDouble(), wi)) {
                counts[cell(wi)]++;
            } else {
                failures++;
            }
        }
        return counts;
    }

    /** Integral of the density over each bin (probabilities; multiply by the sample count for counts). */
    double[] integrate(Density d) {
        double[] p = new double[thetaRes * phiRes];
        Vector3f w = new Vector3f();
        for (int i = 0; i < thetaRes; i++) {
            double t0 = Math.PI * i / thetaRes, t1 = Math.PI * (i + 1) / thetaRes;
            // Densities jump at the horizon; a cell edge on it is evaluated on the cell's own side.
            double side = Math.signum(Math.cos((t0 + t1) / 2));
            for (int j = 0; j < phiRes; j++) {
                double p0 = 2 * Math.PI * j / phiRes, p1 = 2 * Math.PI * (j + 1) / phiRes;
                Integrand phiIntegral = theta -> {
                    double st = Math.sin(theta), cosTheta = Math.cos(theta);
                    double ct = Math.abs(cosTheta) < 1e-7 ? side * 1e-7 : cosTheta;
                    Integrand inner = phi -> {
                        w.set((float) (st * Math.cos(phi)), (float) (st * Math.sin(phi)), (float) ct);
                        return d.pdf(w);
                    };
                    return st * adaptiveSimpson(inner, p0, p1, 1e-6);
                };
                p[i * phiRes + j] = adaptiveSimpson(phiIntegral, t0, t1, 1e-6);
            }
        }
        return p;
    }

    interface Integrand {
        double at(double x);
    }

    /** Adaptive Simpson on [a, b], first split into 4 panels so narrow peaks are not stepped over. */
    static double adaptiveSimpson(Integrand f, double a, double b, double eps) {
        int panels = 4;
        double sum = 0, hw = (b - a) / panels;
        for (int k = 0; k < panels; k++) {
            double x0 = a + k * hw, x1 = x0 + hw, xm = (x0 + x1) / 2;
            double f0 = f.at(x0), f1 = f.at(x1), fm = f.at(xm);
            sum += recurse(f, x0, x1, eps / panels, (x1 - x0) / 6 * (f0 + 4 * fm + f1), f0, fm, f1, 12);
        }
        return sum;
    }

    private static double recurse(Integrand f, double a, double b, double eps, double whole, double fa, double fm,
            double fb, int depth) {
        double m = (a + b) / 2, lm = (a + m) / 2, rm = (m + b) / 2;
        double flm = f.at(lm), frm = f.at(rm);
        double left = (m - a) / 6 * (fa + 4 * flm + fm), right = (b - m) / 6 * (fm + 4 * frm + fb);
        double delta = left + right - whole;
        if (depth <= 0 || Math.abs(delta) <= 15 * eps) return left + right + delta / 15;
        return recurse(f, a, m, eps / 2, left, fa, flm, fm, depth - 1)
                + recurse(f, m, b, eps / 2, right, fm, frm, fb, depth - 1);
    }

    /** Result of one test: the p-value and a one-line description for failure messages. */
    record Result(double pValue, String summary) {}

    /**
     * Pearson's chi-square test of observed counts against n * probabilities, pooling bins expecting fewer
     * than {@link #MIN_EXPECTED} samples into one. A sample in a bin of zero probability is an outright failure.
     */
    static Result test(double[] observed, double[] probabilities, int n) {
        double chi2 = 0, pooledObs = 0, pooledExp = 0;
        int bins = 0;
        for (int k = 0; k < observed.length; k++) {
            double exp = probabilities[k] * n;
            if (exp <= 0 && observed[k] > 0) {
                return new Result(0, observed[k] + " samples in bin " + k + " of zero density");
            }
            if (exp < MIN_EXPECTED) {
                pooledObs += observed[k];
                pooledExp += exp;
            } else {
                chi2 += (observed[k] - exp) * (observed[k] - exp) / exp;
                bins++;
            }
        }
        if (pooledExp > 0) {
            chi2 += (pooledObs - pooledExp) * (pooledObs - pooledExp) / pooledExp;
            bins++;
        }
        int dof = bins - 1;
        double p = dof > 0 ? chiSquareSurvival(chi2, dof) : 1;
        return new Result(p, String.format("chi2 = %.1f, dof = %d, p = %.3g", chi2, dof, p));
    }

    /** Sidak-corrected per-test significance for {@code tests} tests at family-wise level {@code alpha}. */
    static double sidak(double alpha, int tests) {
        return 1 - Math.pow(1 - alpha, 1.0 / tests);
    }

    /** P(X > x) for X ~ chi-square(dof): the regularised upper incomplete gamma Q(dof/2, x/2). */
    static double chiSquareSurvival(double x, int dof) {
        return upperGamma(dof / 2.0, x / 2);
    }

    /** Regularised Q(a, x): power series for x < a + 1, Lentz continued fraction otherwise. */
    static double upperGamma(double a, double x) {
        if (x <= 0) return 1;
        double logPrefix = -x + a * Math.log(x) - logGamma(a);
        if (x < a + 1) {
            double term = 1 / a, sum = term;
            for (int k = 1; k < 10000 && Math.abs(term) > Math.abs(sum) * 1e-15; k++) {
                term *= x / (a + k);
                sum += term;
            }
            return 1 - sum * Math.exp(logPrefix);
        }
        double tiny = 1e-300, b = x + 1 - a, c = 1 / tiny, dd = 1 / b, hh = dd;
        for (int k = 1; k < 10000; k++) {
            double an = -k * (k - a);
            b += 2;
            dd = an * dd + b;
            if (Math.abs(dd) < tiny) dd = tiny;
            c = b + an / c;
            if (Math.abs(c) < tiny) c = tiny;
            dd = 1 / dd;
            double step = dd * c;
            hh *= step;
            if (Math.abs(step - 1) < 1e-15) break;
        }
        return Math.exp(logPrefix) * hh;
    }

    /** log Gamma(x), x > 0, by the Lanczos approximation (g = 7, 9 terms). */
    static double logGamma(double x) {
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};
        if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        x -= 1;
        double s = c[0];
        for (int i = 1; i < 9; i++) s += c[i] / (x + i);
        double t = x + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
    }
}
