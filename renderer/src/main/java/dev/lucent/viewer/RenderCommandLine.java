package dev.lucent.viewer;

import dev.lucent.compile.LookAtCamera;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code lucent render} command that reproduces a view in batch: the scene file, the render size, sample
 * target, max depth, seed, clamp, backend, the camera as explicit {@code --camera-pos/--look-at/--up/--fov/
 * --lens-radius/--focus-distance} floats (written with {@link Float#toString}, which parses back to the same
 * float, so the batch camera gets the same LcCamera bits), the environment, exposure, tone map and denoiser.
 * Arguments are quoted for a POSIX shell where needed.
 */
public final class RenderCommandLine {
    private RenderCommandLine() {}

    /** The argument list after {@code lucent}: "render", the scene, then the options. */
    public static List<String> arguments(Path scene, String cameraName, ViewSettings s, String output) {
        LookAtCamera c = s.camera();
        List<String> a = new ArrayList<>();
        a.add("render");
        a.add(scene.toAbsolutePath().normalize().toString());
        add(a, "-o", output);
        add(a, "--backend", s.backend());
        add(a, "--width", Integer.toString(s.width()));
        add(a, "--height", Integer.toString(s.height()));
        add(a, "--spp", Integer.toString(s.spp()));
        add(a, "--max-depth", Integer.toString(s.maxDepth()));
        add(a, "--seed", Long.toString(s.seed()));
        add(a, "--clamp", Float.toString(s.clamp()));
        if (cameraName != null) add(a, "--camera", cameraName);
        add(a, "--camera-pos", LookAtCamera.format(c.position()));
        add(a, "--look-at", LookAtCamera.format(c.target()));
        add(a, "--up", LookAtCamera.format(c.up()));
        add(a, "--fov", Float.toString(c.yfovDegrees()));
        add(a, "--lens-radius", Float.toString(c.lensRadius()));
        add(a, "--focus-distance", Float.toString(c.focusDistance()));
        add(a, "--env-intensity", Float.toString(s.envIntensity()));
        add(a, "--env-rotation", Float.toString(s.envRotation()));
        add(a, "--exposure", Float.toString(s.exposure()));
        add(a, "--tonemap", s.toneMap());
        add(a, "--denoise", s.denoiser());
        if (s.threads() > 0) add(a, "--threads", Integer.toString(s.threads()));
        return a;
    }

    /** {@code lucent} and {@link #arguments}, shell-quoted, on one line. */
    public static String of(Path scene, String cameraName, ViewSettings s, String output) {
        StringBuilder b = new StringBuilder("lucent");
        for (String arg : arguments(scene, cameraName, s, output)) b.append(' ').append(quote(arg));
        return b.toString();
    }

    /** {@code arg} as one POSIX shell word: unchanged when it is made of safe characters, else single-quoted. */
    static String quote(String arg) {
        if (!arg.isEmpty() && arg.matches("[A-Za-z0-9_@%+=:,./-]+")) return arg;
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    private static void add(List<String> a, String flag, String value) {
        a.add(flag);
        a.add(value);
    }
}
