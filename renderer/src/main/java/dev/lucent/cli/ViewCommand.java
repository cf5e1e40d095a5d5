package dev.lucent.cli;

import dev.lucent.backend.Backends;
import dev.lucent.denoise.Denoisers;
import dev.lucent.scene.RenderSettings;
import dev.lucent.viewer.Viewer;
import dev.lucent.viewer.ViewerOptions;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lucent view SCENE}: opens the interactive viewer ({@link Viewer}), which renders the scene
 * progressively in a window with an ImGui overlay. Settings start from the scene file's {@code "render"} block
 * with these options on top; {@code --width/--height} fix the render size (otherwise it follows the window).
 * Exit status 0 when the window is closed; 2 with one line when there is no display or OpenGL 3.3.
 */
@Command(name = "view", sortOptions = false, description = "Open a scene in the interactive viewer.")
public final class ViewCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SCENE",
            description = "Scene file: Lucent scene (.json), glTF (.gltf/.glb), OBJ or PLY.")
    Path scene;

    @Option(names = "--backend", paramLabel = "NAME", description = "Render backend: cpu, cuda, vulkan (default cpu).")
    String backend = Backends.defaultName();

    @Option(names = "--devices", paramLabel = "LIST", description = "CUDA devices for --backend cuda (default all).")
    String devices = "all";

    @Option(names = "--width", paramLabel = "W", description = "Render width in pixels (default: the window's).")
    Integer width;

    @Option(names = "--height", paramLabel = "H", description = "Render height in pixels (default: the window's).")
    Integer height;

    @Option(names = "--spp", paramLabel = "N", description = "Samples per pixel to stop at (scene file, else 64).")
    Integer spp;

    @Mixin
    IntegratorOptions integrator;

    @Option(names = "--camera", paramLabel = "NAME", description = "Scene camera to start from (default: the first).")
    String camera;

    @Option(names = "--exposure", paramLabel = "STOPS", description = "Display exposure compensation.")
    Float exposure;

    @Option(names = {"--tonemap", "--tone-map"}, paramLabel = "NAME",
            description = "Display tone map: neutral, aces, agx, clamp.")
    String toneMap;

    @Option(names = {"--denoise", "--denoiser"}, paramLabel = "NAME",
            description = "Denoiser at the sample target: none (default), cpu, cpu-regression, optix.")
    String denoise = "none";

    @Option(names = "--window", paramLabel = "WxH", description = "Window size in screen coordinates (default 1280x800).")
    String windowSize = "1280x800";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        InputFiles.requireReadableFile(scene);
        if ((width == null) != (height == null)) throw usage("--width and --height go together");
        if (width != null && (width < 1 || height < 1)) throw usage("--width and --height must be at least 1");
        if (spp != null && spp < 1) throw usage("--spp must be at least 1, got " + spp);
        Integer maxDepth = integrator.maxDepth, threads = integrator.threads;
        if (maxDepth != null && maxDepth < 0) throw usage("--max-depth must be at least 0, got " + maxDepth);
        if (threads != null && threads < 1) throw usage("--threads must be at least 1, got " + threads);
        if (!Denoisers.names().contains(denoise.toLowerCase(Locale.ROOT))) {
            throw usage("--denoise: unknown denoiser '" + denoise + "'; known: " + String.join(", ", Denoisers.names()));
        }
        if (!Backends.names().contains(backend.toLowerCase(Locale.ROOT))) {
            throw usage("--backend: unknown backend '" + backend + "'; known: " + String.join(", ", Backends.names()));
        }
        if (toneMap != null) {
            try {
                dev.lucent.image.ToneMapper.named(toneMap);
            } catch (IllegalArgumentException e) {
                throw usage("--tonemap: " + e.getMessage());
            }
        }
        String[] wh = windowSize.toLowerCase(Locale.ROOT).split("x");
        int ww, wh2;
        try {
            ww = Integer.parseInt(wh[0]);
            wh2 = Integer.parseInt(wh[1]);
        } catch (RuntimeException e) {
            throw usage("--window needs WIDTHxHEIGHT such as 1280x800, got '" + windowSize + "'");
        }
        if (ww < 1 || wh2 < 1) throw usage("--window size must be positive");
        RenderSettings o = new RenderSettings();
        o.width = width;
        o.height = height;
        o.spp = spp;
        integrator.copyTo(o);
        o.camera = camera;
        o.exposure = exposure;
        o.toneMap = toneMap != null ? toneMap.toLowerCase(Locale.ROOT) : null;
        Backends.setCudaDevices(devices);
        ViewerOptions options = new ViewerOptions(scene, backend.toLowerCase(Locale.ROOT), o, ww, wh2,
                denoise.toLowerCase(Locale.ROOT), true);
        Viewer viewer;
        try {
            viewer = new Viewer(options);
        } catch (IllegalStateException e) {
            throw new CliException(e.getMessage(), e);
        }
        try (viewer) {
            viewer.run();
        }
        return Main.EXIT_OK;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
