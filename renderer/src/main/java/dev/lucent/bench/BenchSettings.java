package dev.lucent.bench;

/**
 * What one benchmark run measures, the same for every backend.
 *
 * @param width image width of the ray and path tests, pixels
 * @param height image height, pixels
 * @param samplesPerPixel sample passes of the path test (each pass is one sample of every pixel)
 * @param iterations timed launches per ray test on GPUs (median reported)
 * @param seconds least wall time per ray test on the CPU
 * @param threads CPU threads (0 = all processors); GPU probes ignore it
 */
public record BenchSettings(int width, int height, int samplesPerPixel, int iterations, double seconds, int threads) {
    public BenchSettings {
        if (width < 1 || height < 1 || samplesPerPixel < 1 || iterations < 1 || !(seconds >= 0) || threads < 0) {
            throw new IllegalArgumentException("width, height, samples and iterations must be at least 1, "
                    + "seconds and threads at least 0");
        }
    }

    public long pixels() { return (long) width * height; }
}
