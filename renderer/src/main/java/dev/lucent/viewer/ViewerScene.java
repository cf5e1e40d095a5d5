package dev.lucent.viewer;

import dev.lucent.compile.LookAtCamera;
import dev.lucent.scene.RenderSettings;
import java.nio.file.Path;
import java.util.List;

/**
 * A scene the {@link ProgressiveRenderer} loaded and compiled, as the UI sees it.
 *
 * @param serial increases with every successful load
 * @param path the scene file
 * @param cameraNames the compiled scene's cameras, in order
 * @param cameras each camera as a look-at camera whose target is the orbit pivot (see {@link CameraRig#pivotFor})
 * @param sceneRadius half the diagonal of the world bounds, world units (scales camera motion)
 * @param envIntensity the scene's environment intensity
 * @param envRotation the scene's environment rotation, degrees
 * @param settings the scene file's render settings over Lucent's defaults
 */
public record ViewerScene(long serial, Path path, List<String> cameraNames, List<LookAtCamera> cameras,
        float sceneRadius, float envIntensity, float envRotation, RenderSettings settings) {}
