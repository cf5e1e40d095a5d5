package dev.lucent.bench;

import java.io.PrintWriter;
import java.util.Map;

/**
 * One backend's benchmark: measures primary, shadow and diffuse-bounce ray throughput and the full integrator
 * on a scene with the given settings. A probe owns whatever device state it opened (contexts, threads) and is
 * closed after the last scene. Probes log progress lines to {@code log}; the caller prints the tables.
 */
public interface BenchProbe extends AutoCloseable {
    /** The backend's name ("cpu", "cuda", ...). */
    String backend();

    /** The device measured, in words (e.g. "NVIDIA H200, driver API 13000" or "16 threads"). */
    String device();

    /** Settings a probe uses where the command line gives none (GPUs measure 1920x1080, the CPU less). */
    BenchSettings defaults();

    /** Facts about the machine and software for the JSON report's header (backend, device, versions). */
    Map<String, Object> header();

    /** Measures {@code scene}. */
    BenchResult measure(BenchScene scene, BenchSettings settings, PrintWriter log);

    @Override
    void close();
}
