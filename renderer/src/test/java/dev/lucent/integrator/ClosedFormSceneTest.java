package dev.lucent.integrator;

import static dev.lucent.integrator.IntegratorTestScenes.add;
import static dev.lucent.integrator.IntegratorTestScenes.material;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lucent.image.Film;
import dev.lucent.material.GltfBsdf;
import dev.lucent.scene.Light;
import dev.lucent.scene.Node;
import dev.lucent.scene.Scene;
import dev.lucent.scene.Shapes;
import org.joml.Vector3f;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A point light of intensity I at the centre of a Lambertian sphere of albedo rho and radius R, seen from
 * inside. Direct light gives every wall point irradiance E = I / R^2, so radiance L1 = rho I / (pi R^2). Inside
 * a sphere the form factor from any wall element to any other is dA / (4 pi R^2), the same for all pairs (the
 * integrating-sphere property), so a wall of uniform radiance L irradiates every wall point with pi L and each
 * further bounce multiplies the uniform radiance by rho: L_k = rho^(k-1) L1 after k bounces, and the sum over
 * all bounces is L = rho I / (pi R^2) / (1 - rho). (pbrt-v3's analytic test scene: R = 1, rho = 0.5, I = pi
 * gives L = 1.) With max depth d the sum stops after d bounces: L1 (1 - rho^d) / (1 - rho).
 *
 * <p>GltfBsdf has no pure Lambertian: a dielectric base with a smooth coat at its smallest ior
 * ({@link GltfBsdf#MIN_IOR}, 1.01) reflects at most 2.5e-5 specularly at normal incidence and its diffuse lobe
 * is Lambertian up to its 1 / (1 - Fbar) normalisation (Fbar, the coat's hemispherical reflectance, is about
 * 0.3% at ior 1.01), which raises the rendered radiance by about 0.3% above the formula; the 0.8% tolerance of
 * the image mean covers that and the noise of 128 samples per pixel.
 */
class ClosedFormSceneTest {

    /**
     * Direct light only (max depth 1) from a directional light of irradiance E on a Lambertian floor facing it,
     * seen from straight above: L = rho E / pi (up to the coat's 0.3% normalisation, as above). A spot light
     * straight above the floor, its cone wide enough, gives the point-light answer rho I cos / (pi d^2) at the
     * point below it.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"DIRECTIONAL", "SPOT"})
    void directionalAndSpotLightOnAFloor(Light.Type type) {
        Scene s = IntegratorTestScenes.empty();
        float rho = 0.6f, power = 3;
        int m = add(s, material("floor", rho, rho, rho, 0, 0, 0, GltfBsdf.MIN_IOR));
        IntegratorTestScenes.add(s, Shapes.quad(100, 100), m, 0, 0, 0);
        Light light = new Light("sun", type);
        light.intensity = power;
        light.outerConeAngle = (float) Math.toRadians(80);
        light.innerConeAngle = (float) Math.toRadians(70);
        s.lights.add(light);
        Node n = new Node("light");
        n.light = 0;
        n.translation.set(0, 2, 0);
        n.rotation.rotateX((float) -Math.PI / 2); // shines down -y
        s.addNode(n);
        // A narrow view of the floor right below the light (within 0.5 degrees of the axis).
        IntegratorTestScenes.camera(s, 0.5f, new Vector3f(0, 1, 0.0001f), new Vector3f(0, 0, 0));
        Film f = IntegratorTestScenes.render(s, 4, 4, 4, 1, 1, 0);
        double irradiance = type == Light.Type.DIRECTIONAL ? power : power / 4.0; // d = 2
        assertEquals(rho * irradiance / Math.PI, IntegratorTestScenes.mean(f, 1), 0.01 * rho * irradiance / Math.PI);
    }

    @ParameterizedTest(name = "rho {0}, R {1}, I {2}, max depth {3}")
    @CsvSource({
        "0.5, 2, 12.566370614, 64",   // L = 1
        "0.5, 1, 3.14159265, 64",     // pbrt's scene: L = 1
        "0.8, 1.5, 2.0, 100",         // L = 0.8 * 2 / (pi 2.25) / 0.2 = 1.1318
        "0.5, 2, 12.566370614, 1",    // direct light only: 0.5
        "0.5, 2, 12.566370614, 2",    // two bounces: 0.75
    })
    void pointLightInsideDiffuseSphere(float rho, float radius, float intensity, int maxDepth) {
        Scene s = IntegratorTestScenes.empty();
        int m = add(s, material("wall", rho, rho, rho, 0, 0, 0, GltfBsdf.MIN_IOR));
        IntegratorTestScenes.add(s, IntegratorTestScenes.sphere(radius), m, 0, 0, 0);
        IntegratorTestScenes.pointLight(s, intensity, 0, 0, 0);
        IntegratorTestScenes.camera(s, 60, new Vector3f(0, 0, 0), new Vector3f(0.3f, 0.2f, -1));
        Film f = IntegratorTestScenes.render(s, 16, 16, 128, maxDepth, 2, 7);

        double direct = rho * intensity / (Math.PI * radius * radius);
        double expected = direct * (1 - Math.pow(rho, maxDepth)) / (1 - rho);
        for (int c = 0; c < 3; c++) assertEquals(expected, IntegratorTestScenes.mean(f, c), 0.008 * expected);
        for (int p = 0; p < f.pixelCount(); p++) {
            double se = Math.sqrt(f.varianceOfMean(p, 0));
            assertEquals(expected, f.mean(p, 0), Math.max(6 * se, 0.01 * expected), "pixel " + p);
        }
    }
}
