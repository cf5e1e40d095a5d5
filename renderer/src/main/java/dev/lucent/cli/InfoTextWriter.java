package dev.lucent.cli;

import dev.lucent.bvh.BvhStats;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints an {@link InfoReport} for people: sections with aligned columns, sizes in binary units. */
public final class InfoTextWriter {
    private InfoTextWriter() {}

    public static void write(InfoReport r, PrintWriter out) {
        out.printf("%-12s%s%n", "Scene", r.file());
        out.printf("%-12s%s%n", "Format", r.format() == null ? "unknown" : r.format());

        InfoReport.Counts c = r.counts();
        out.println();
        out.println("Contents");
        count(out, "Meshes", c.meshes(), "");
        count(out, "Instances", c.instances(), "");
        count(out, "Triangles", c.uniqueTriangles(), "stored (once per mesh)");
        count(out, "", c.instancedTriangles(), "rendered (summed over instances)");
        count(out, "Vertices", c.vertices(), "");
        count(out, "Materials", c.materials(), "");
        count(out, "Textures", c.textures(), "");
        count(out, "Lights", c.punctualLights(), "punctual");
        count(out, "", c.emissiveTriangles(), "emissive triangles");
        count(out, "Cameras", c.cameras(), c.defaultCamera() ? "none in the scene: a default camera frames it"
                : String.join(", ", c.cameraNames()));
        count(out, "Animations", c.animations(),
                c.animations() > 0 ? String.format(Locale.ROOT, "longest %.2f s", c.animationSeconds()) : "");

        out.println();
        if (r.bounds() == null) {
            out.println("World bounds      empty (no geometry)");
        } else {
            out.println("World bounds (scene units)");
            vector(out, "min", r.bounds().min());
            vector(out, "max", r.bounds().max());
            vector(out, "size", r.bounds().size());
        }

        InfoReport.BvhSummary bvh = r.bvh();
        InfoReport.BlasTotals b = bvh.blas();
        out.println();
        out.printf(Locale.ROOT, "BVH (max leaf size %d, %d SAH bins)%n", bvh.maxLeafSize(), bvh.bins());
        out.printf("  %-6s %6s %12s %12s %6s  %-17s %9s %11s%n", "", "trees", "nodes", "leaves", "depth",
                "leaf min/avg/max", "SAH cost", "build");
        out.printf(Locale.ROOT, "  %-6s %6d %,12d %,12d %6d  %-17s %9.2f %11s%n", "BLAS", b.meshes(), b.nodes(),
                b.leaves(), b.maxDepth(), leafSizes(b.minLeafSize(), b.avgLeafSize(), b.maxLeafSize()),
                b.sahCost(), millis(b.buildMillis()));
        BvhStats t = bvh.tlas();
        if (t != null) {
            out.printf(Locale.ROOT, "  %-6s %6d %,12d %,12d %6d  %-17s %9.2f %11s%n", "TLAS", 1, t.nodeCount(),
                    t.leafCount(), t.maxDepth(), leafSizes(t.minLeafSize(), t.avgLeafSize(), t.maxLeafSize()),
                    t.sahCost(), millis(t.buildMillis()));
        }
        if (b.meshes() > 1) {
            out.printf(Locale.ROOT, "  BLAS SAH cost: mean over meshes weighted by triangles (largest %.2f)%n",
                    b.maxSahCost());
        }

        out.println();
        out.println("Memory (compiled scene, off-heap)");
        for (Map.Entry<String, Long> e : r.memory().bytes().entrySet()) {
            out.printf("  %-12s %12s%n", e.getKey(), bytes(e.getValue()));
        }
        out.printf("  %-12s %12s%n", "total", bytes(r.memory().totalBytes()));

        out.println();
        out.printf("%-15s %12s   (BVH builds %s)%n", "Compile time", millis(r.compileMillis()),
                millis(r.bvhMillis()));

        out.println();
        out.println("Features");
        if (r.features().isEmpty()) out.println("  none reported");
        int width = 0;
        for (InfoReport.Feature f : r.features()) width = Math.max(width, f.name().length());
        for (InfoReport.Feature f : r.features()) {
            String line = String.format("  %-" + width + "s  %-12s  %s", f.name(), f.support(), f.note());
            out.println(line.stripTrailing());
        }

        out.println();
        out.println("Warnings");
        list(out, r.warnings());
        out.flush();
    }

    private static void count(PrintWriter out, String label, long n, String note) {
        String line = String.format(Locale.ROOT, "  %-12s %,14d   %s", label, n, note);
        out.println(line.stripTrailing());
    }

    private static void vector(PrintWriter out, String label, float[] v) {
        out.printf(Locale.ROOT, "  %-6s %12.4f %12.4f %12.4f%n", label, v[0], v[1], v[2]);
    }

    private static void list(PrintWriter out, List<String> lines) {
        if (lines.isEmpty()) out.println("  none");
        for (String l : lines) out.println("  " + l);
    }

    private static String leafSizes(int min, double avg, int max) {
        return String.format(Locale.ROOT, "%d / %.2f / %d", min, avg, max);
    }

    /** Milliseconds as "12.3 ms", or seconds from 10 s on. */
    static String millis(double ms) {
        return ms < 10_000 ? String.format(Locale.ROOT, "%.1f ms", ms) : String.format(Locale.ROOT, "%.2f s", ms / 1e3);
    }

    /** Bytes in binary units: "512 B", "1.5 KiB", "12.0 MiB", "3.25 GiB". */
    static String bytes(long n) {
        if (n < 1024) return n + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.2f %s" : "%.1f %s", v, units[u]);
    }
}
