package dev.lucent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lucent.backend.RenderStats;
import dev.lucent.image.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one {@code lucent render} run: one entry per frame (rendered, skipped or already complete)
 * and totals. Printed as the closing summary and written by {@code --stats-json} as JSON with the keys
 * {@code scene, output, backend, device, width, height, spp, maxDepth, seed, frames[], totals}; each frame has
 * {@code frame, time, output, status} ("rendered", "skipped", "complete") and, when rendered,
 * {@code firstSample, samplesPerPixel, seconds, samples, cameraRays, extensionRays, shadowRays,
 * mraysPerSecond, samplesPerSecond}; totals has the same figures summed over rendered frames plus
 * {@code wallSeconds} (load, compile, render and writing).
 */
final class RenderReport {
    /** One frame's outcome. */
    record Frame(int frame, double time, Path output, String status, int firstSample, int samplesPerPixel,
            RenderStats stats) {}

    final Map<String, Object> header = new LinkedHashMap<>();
    final List<Frame> frames = new ArrayList<>();
    RenderStats totals = RenderStats.ZERO;
    double wallSeconds;

    void add(Frame f) {
        frames.add(f);
        if (f.stats() != null) totals = totals.plus(f.stats());
    }

    long count(String status) {
        return frames.stream().filter(f -> f.status().equals(status)).count();
    }

    /** One line about a rendered frame. */
    static String frameLine(Frame f) {
        if (f.stats() == null) {
            return "frame " + f.frame() + " -> " + f.output() + ": " + (f.status().equals("skipped")
                    ? "exists, skipped (--overwrite renders it again)" : "already has " + f.samplesPerPixel()
                    + " spp, nothing to add");
        }
        RenderStats s = f.stats();
        return String.format(Locale.ROOT, "frame %d -> %s: %s, %d spp%s, %s samples/s, %s rays/s", f.frame(),
                f.output(), seconds(s.seconds()), f.firstSample() + f.samplesPerPixel(),
                f.firstSample() > 0 ? " (resumed at " + f.firstSample() + ")" : "", si(s.samplesPerSecond()),
                si(s.rays() / Math.max(s.seconds(), 1e-9)));
    }

    /** The closing summary. */
    void printSummary(PrintWriter out, boolean batch) {
        RenderStats t = totals;
        if (batch) {
            out.printf(Locale.ROOT, "Rendered %d of %d frames (%d skipped, %d already complete) with %s on %s%n",
                    count("rendered"), frames.size(), count("skipped"), count("complete"), header.get("backend"),
                    header.get("device"));
        } else if (!frames.isEmpty()) {
            Frame f = frames.get(0);
            out.printf(Locale.ROOT, "Rendered %s: %sx%s, %d spp%s, %s on %s%n", f.output(), header.get("width"),
                    header.get("height"), f.firstSample() + f.samplesPerPixel(),
                    f.firstSample() > 0 ? " (resumed at " + f.firstSample() + ")" : "", header.get("backend"),
                    header.get("device"));
        }
        out.printf(Locale.ROOT, "Time %s render, %s in all | %s samples/s | %s rays/s (%s rays: %s camera, "
                + "%s extension, %s shadow)%n", seconds(t.seconds()), seconds(wallSeconds), si(t.samplesPerSecond()),
                si(t.mraysPerSecond() * 1e6), si(t.rays()), si(t.cameraRays()), si(t.extensionRays()),
                si(t.shadowRays()));
        out.flush();
    }

    /** Writes the JSON report to {@code file} atomically. */
    void writeJson(Path file) {
        Map<String, Object> root = new LinkedHashMap<>(header);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Frame f : frames) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("frame", f.frame());
            m.put("time", f.time());
            m.put("output", f.output().toString());
            m.put("status", f.status());
            if (f.stats() != null) {
                m.put("firstSample", f.firstSample());
                m.put("samplesPerPixel", f.samplesPerPixel());
                m.putAll(figures(f.stats()));
            }
            list.add(m);
        }
        root.put("frames", list);
        Map<String, Object> totalsMap = new LinkedHashMap<>();
        totalsMap.put("framesRendered", count("rendered"));
        totalsMap.put("framesSkipped", count("skipped") + count("complete"));
        totalsMap.putAll(figures(totals));
        totalsMap.put("wallSeconds", wallSeconds);
        root.put("totals", totalsMap);
        try {
            byte[] json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(root);
            AtomicFiles.write(file, json);
        } catch (IOException e) {
            throw new CliException(file + ": cannot write the statistics: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> figures(RenderStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seconds", s.seconds());
        m.put("samples", s.samples());
        m.put("rays", s.rays());
        m.put("cameraRays", s.cameraRays());
        m.put("extensionRays", s.extensionRays());
        m.put("shadowRays", s.shadowRays());
        m.put("mraysPerSecond", s.mraysPerSecond());
        m.put("samplesPerSecond", s.samplesPerSecond());
        return m;
    }

    /** A number with an SI prefix and three significant digits: 1.23 k, 45.6 M. */
    static String si(double v) {
        if (!Double.isFinite(v)) return "?";
        String[] prefix = {"", " k", " M", " G", " T"};
        int p = 0;
        while (Math.abs(v) >= 999.5 && p < prefix.length - 1) {
            v /= 1000;
            p++;
        }
        String digits = Math.abs(v) >= 99.95 ? String.format(Locale.ROOT, "%.0f", v)
                : Math.abs(v) >= 9.995 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
        return digits + prefix[p];
    }

    static String seconds(double s) {
        return s < 60 ? String.format(Locale.ROOT, "%.2f s", s) : ProgressBar.duration(s);
    }
}
