package dev.lucent.denoise;

import dev.lucent.bvh.BvhOptions;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.LookAtCamera;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.image.ExrImage;
import dev.lucent.image.ExrReader;
import dev.lucent.image.ExrWriter;
import dev.lucent.scene.SceneLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The OptiX AOV denoiser on one render's EXR with its normal guide in two spaces: world space, as the bridge
 * passes it (Lucent's normal AOV), and camera space (x right, y up, z towards the viewer, from the scene's first
 * camera at time 0, the camera {@code lucent render} uses without {@code --camera}/{@code --look-at}). Writes
 * OUT/NAME_world.exr and OUT/NAME_camera.exr (the input EXR plus the "denoised" layer) for {@code lucent compare
 * --a-layer denoised}; prints the ABI and model.
 *
 * <p>Usage: {@code OptixNormalSpaceBenchmark NOISY.exr SCENE OUTDIR NAME}. Needs a GPU with OptiX.
 */
public final class OptixNormalSpaceBenchmark {
    private OptixNormalSpaceBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: OptixNormalSpaceBenchmark NOISY.exr SCENE OUTDIR NAME");
            System.exit(2);
        }
        Path exr = Path.of(args[0]), out = Path.of(args[2]);
        ExrImage img = ExrReader.read(exr);
        DenoiseInput in = DenoiseInput.fromExr(img, exr);
        CompiledScene cs = SceneCompiler.compile(SceneLoader.load(Path.of(args[1])),
                new CompileOptions(0f, in.width(), in.height(), BvhOptions.defaults(), null));
        LookAtCamera cam = cs.lookAtCamera(cs.selectedCamera);
        float[] cameraNormal = toCamera(in.normal(), cam);
        Files.createDirectories(out);
        try (OptixDenoiser d = OptixDenoiser.open()) {
            System.out.println("OPTIX-NORMALS " + args[3] + ": model " + d.model() + ", OptiX ABI " + d.abi()
                    + ", camera " + cam);
            float[] world = d.denoise(in.width(), in.height(), in.color(), in.albedo(), in.normal(), null);
            float[] camera = d.denoise(in.width(), in.height(), in.color(), in.albedo(), cameraNormal, null);
            ExrWriter.write(out.resolve(args[3] + "_world.exr"), DenoisedLayer.addTo(img, world, "optix"));
            ExrWriter.write(out.resolve(args[3] + "_camera.exr"), DenoisedLayer.addTo(img, camera, "optix"));
            double diff = 0, sum = 0;
            for (int i = 0; i < world.length; i++) {
                diff += (world[i] - camera[i]) * (double) (world[i] - camera[i]);
                sum += world[i] * (double) world[i];
            }
            System.out.printf(java.util.Locale.ROOT, "OPTIX-NORMALS %s: relative RMS difference world/camera %.3e%n",
                    args[3], Math.sqrt(diff / Math.max(sum, 1e-30)));
        }
    }

    /**
     * World-space normals (3 floats per pixel; zero where nothing was hit) in the camera's frame: x along
     * forward x up (right), y the camera's true up, z minus forward (towards the viewer).
     */
    static float[] toCamera(float[] normal, LookAtCamera cam) {
        float[] p = cam.position(), t = cam.target(), up = cam.up();
        double[] f = normalize(new double[] {t[0] - p[0], t[1] - p[1], t[2] - p[2]});
        double[] r = normalize(cross(f, new double[] {up[0], up[1], up[2]}));
        double[] u = cross(r, f);
        float[] c = new float[normal.length];
        for (int i = 0; i < normal.length; i += 3) {
            double x = normal[i], y = normal[i + 1], z = normal[i + 2];
            c[i] = (float) (x * r[0] + y * r[1] + z * r[2]);
            c[i + 1] = (float) (x * u[0] + y * u[1] + z * u[2]);
            c[i + 2] = (float) -(x * f[0] + y * f[1] + z * f[2]);
        }
        return c;
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double[] normalize(double[] v) {
        double l = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        return new double[] {v[0] / l, v[1] / l, v[2] / l};
    }
}
