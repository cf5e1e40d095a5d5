package dev.lucent.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Text tables of {@link BenchResult}s: one row per scene with Mrays/s of primary, shadow and diffuse rays, paths
 * per second and milliseconds per sample pass. A dash stands for a figure the backend does not measure.
 */
public final class BenchTable {
    private BenchTable() {}

    /** The header line of {@link #row}. */
    public static void header(PrintWriter out, BenchSettings s) {
        out.printf(Locale.ROOT, "%-26s %12s %10s %10s %10s %12s %10s%n", "scene", "triangles", "primary",
                "shadow", "diffuse", "paths/s", "ms/pass");
        out.printf(Locale.ROOT, "%-26s %12s %10s %10s %10s %12s %10s%n", "", "", "Mrays/s", "Mrays/s", "Mrays/s",
                s.width() + "x" + s.height(), "");
    }

    /** One scene's figures, aligned with {@link #header}. */
    public static void row(PrintWriter out, BenchResult r) {
        out.printf(Locale.ROOT, "%-26s %12d %10s %10s %10s %12s %10.3f%n", r.scene(), r.triangles(),
                mrays(r.primary()), mrays(r.shadow()), mrays(r.diffuse()), si(r.paths().pathsPerSecond()),
                r.paths().msPerPass());
    }

    /** Every result under one header. */
    public static void print(PrintWriter out, BenchSettings s, List<BenchResult> results) {
        header(out, s);
        for (BenchResult r : results) row(out, r);
    }

    static String mrays(RayRate r) {
        return r == null ? "-" : String.format(Locale.ROOT, "%.1f", r.mraysPerSecond());
    }

    /** A rate with an SI prefix: 1.23 k, 4.56 M, 7.89 G. */
    public static String si(double v) {
        if (v >= 1e9) return String.format(Locale.ROOT, "%.2f G", v / 1e9);
        if (v >= 1e6) return String.format(Locale.ROOT, "%.2f M", v / 1e6);
        if (v >= 1e3) return String.format(Locale.ROOT, "%.2f k", v / 1e3);
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
