package dev.lucent.viewer;

/**
 * One image published by the {@link ProgressiveRenderer} for display: {@code rgb} holds 3 floats per pixel,
 * rows top to bottom, in the space {@code mode} states. Immutable once published (the array is not written
 * again); {@code serial} increases with every publication.
 */
public record ViewerFrame(long serial, int width, int height, float[] rgb, AovView.DisplayMode mode, int spp) {}
