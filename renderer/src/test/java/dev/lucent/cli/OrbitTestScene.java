package dev.lucent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The small animated scene the render command tests share: a floor, a sphere, a point light and a camera that
 * orbits over one second (24 frames), rendered at 16 x 12 with 2 spp and 3 bounces.
 */
final class OrbitTestScene {
    private OrbitTestScene() {}

    /** Writes the scene as {@code dir/scene.json} and returns its path. */
    static Path write(Path dir) throws IOException {
        Path scene = dir.resolve("scene.json");
        Files.writeString(scene, """
                {
                  "materials": {"floor": {"baseColor": [0.6, 0.6, 0.6]}, "ball": {"baseColor": [0.8, 0.2, 0.1]}},
                  "shapes": [
                    {"type": "quad", "size": 10, "material": "floor"},
                    {"type": "sphere", "radius": 0.5, "segments": 16, "material": "ball", "translate": [0, 0.5, 0]}
                  ],
                  "lights": [{"type": "point", "position": [1, 3, 1], "intensity": 20}],
                  "cameras": [{"name": "orbit", "fov": 40, "path": [
                    {"time": 0, "position": [0, 1, 4], "lookAt": [0, 0.5, 0]},
                    {"time": 1, "position": [4, 1, 0], "lookAt": [0, 0.5, 0]}
                  ]}],
                  "render": {"width": 16, "height": 12, "spp": 2, "maxDepth": 3}
                }
                """);
        return scene;
    }
}
