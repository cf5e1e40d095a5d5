package dev.lucent.denoise;

import dev.lucent.image.ExrImage;
import dev.lucent.image.ExrPixelType;
import dev.lucent.image.Film;
import dev.lucent.image.FilmIo;
import dev.lucent.image.ImageMetadata;
import dev.lucent.image.LuminanceCascade;
import dev.lucent.scene.SceneException;
import java.nio.file.Path;

/**
 * What a {@link Denoiser} reads: a width x height render as flat float arrays, pixel index
 * {@code y * width + x} (y = 0 the top row), all linear:
 * <ul>
 *   <li>{@code color}: the noisy beauty, mean radiance, linear Rec.709 RGB, 3 floats per pixel;</li>
 *   <li>{@code albedo}: first-hit albedo, linear RGB in [0,1], 3 per pixel (0 where the camera ray missed);</li>
 *   <li>{@code normal}: first-hit shading normal, world space, averaged over the pixel's samples and not
 *       renormalised (0 where every sample missed), 3 per pixel;</li>
 *   <li>{@code depth}: distance from the camera along the ray, world units, 1 per pixel; +infinity where no
 *       sample hit anything;</li>
 *   <li>{@code variance}: estimated variance of the pixel mean per channel (the sample variance divided by
 *       the sample count), 3 per pixel, in squared colour units;</li>
 *   <li>{@code spp}: samples per pixel the image holds, 0 when unknown;</li>
 *   <li>{@code emission}: the part of {@code color} the camera sees directly from emitters and the environment
 *       (first-hit emission), linear RGB, 3 per pixel; all 0 when unknown. Denoisers pass it through untouched
 *       and filter only the rest;</li>
 *   <li>{@code motion}: screen-space motion from the previous frame, 2 per pixel (x, y), pixels, x right and
 *       y down: the point seen at (x, y) was at (x - motionX, y - motionY); null when there is none (a still
 *       image, or a render that did not compute it);</li>
 *   <li>{@code previousDepth}: with motion, each pixel's hit point's camera distance in the previous frame, 1
 *       per pixel (+infinity where unknown), to compare with the previous frame's depth; null when unknown;</li>
 *   <li>{@code cascades}: the firefly cascade ({@link CascadeLayers}: the colour split into buffers by sample
 *       brightness) that {@link CascadeReweightFilter} reweights before the CPU denoisers filter; null when the
 *       render did not record one (the CUDA and Vulkan backends, older EXRs), and the denoisers then run
 *       without it;</li>
 *   <li>{@code roughness}: the first hit's mean perceptual roughness, 1 per pixel, a feature of
 *       {@code cpu-regression}; null when the render did not record it (as the cascade).</li>
 * </ul>
 * These are exactly the layers {@link FilmIo#outputImage} writes. The arrays are referenced, not copied;
 * denoisers never modify them.
 */
public record DenoiseInput(int width, int height, float[] color, float[] albedo, float[] normal, float[] depth,
                           float[] variance, int spp, float[] emission, float[] motion, float[] previousDepth,
                           CascadeLayers cascades, float[] roughness) {
    public DenoiseInput {
        if (width <= 0 || height <= 0 || (long) width * height * 3 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("denoise input size " + width + "x" + height);
        }
        int n = width * height;
        checkLength("color", color, 3 * n);
        checkLength("albedo", albedo, 3 * n);
        checkLength("normal", normal, 3 * n);
        checkLength("depth", depth, n);
        checkLength("variance", variance, 3 * n);
        if (spp < 0) throw new IllegalArgumentException("spp " + spp);
        checkLength("emission", emission, 3 * n);
        if (motion != null) checkLength("motion", motion, 2 * n);
        if (previousDepth != null) checkLength("previousDepth", previousDepth, n);
        if (cascades != null && cascades.pixelCount() != n) {
            throw new IllegalArgumentException("cascades cover " + cascades.pixelCount() + " pixels, expected " + n);
        }
        if (roughness != null) checkLength("roughness", roughness, n);
    }

    /** An input without the roughness feature. */
    public DenoiseInput(int width, int height, float[] color, float[] albedo, float[] normal, float[] depth,
                        float[] variance, int spp, float[] emission, float[] motion, float[] previousDepth,
                        CascadeLayers cascades) {
        this(width, height, color, albedo, normal, depth, variance, spp, emission, motion, previousDepth, cascades,
                null);
    }

    /** An input without the firefly cascade. */
    public DenoiseInput(int width, int height, float[] color, float[] albedo, float[] normal, float[] depth,
                        float[] variance, int spp, float[] emission, float[] motion, float[] previousDepth) {
        this(width, height, color, albedo, normal, depth, variance, spp, emission, motion, previousDepth, null, null);
    }

    /** This input with {@code color} and {@code variance} replaced and without the cascade. */
    public DenoiseInput withColour(float[] newColour, float[] newVariance) {
        return new DenoiseInput(width, height, newColour, albedo, normal, depth, newVariance, spp, emission, motion,
                previousDepth, null, roughness);
    }

    /** An input without emission (all 0) and without motion. */
    public DenoiseInput(int width, int height, float[] color, float[] albedo, float[] normal, float[] depth,
                        float[] variance, int spp) {
        this(width, height, color, albedo, normal, depth, variance, spp, zeros(3, width, height), null, null);
    }

    public int pixelCount() { return width * height; }

    /**
     * The film's beauty, AOVs and variance of the mean, and its smallest per-pixel sample count; its motion AOV
     * when {@code withMotion} (a frame of a sequence), else none.
     */
    public static DenoiseInput fromFilm(Film film, boolean withMotion) {
        return new DenoiseInput(film.width(), film.height(), film.beautyRgb(), film.albedoRgb(), film.normalXyz(),
                film.depths(), film.varianceOfMeanRgb(), film.sampleCountRange()[0], film.emissionRgb(),
                withMotion ? film.motionXy() : null, withMotion ? film.previousDepths() : null,
                film.hasCascades() ? new CascadeLayers(film.cascade(), film.cascadeMeans()) : null,
                film.hasRoughness() ? film.roughnessValues() : null);
    }

    /** {@link #fromFilm(Film, boolean)} without motion. */
    public static DenoiseInput fromFilm(Film film) {
        return fromFilm(film, false);
    }

    /** {@link #fromExr(ExrImage, Path)} for an image that did not come from a file. */
    public static DenoiseInput fromExr(ExrImage img) {
        return fromExr(img, null);
    }

    /**
     * The beauty {@code R, G, B} and the AOV layers {@code albedo.R/G/B}, {@code normal.X/Y/Z},
     * {@code depth.Z} and {@code variance.R/G/B} of {@code img} (the layout of {@link FilmIo#outputImage});
     * spp from the {@link ImageMetadata#SAMPLES} attribute, 0 when absent. A missing channel, or a UINT one,
     * is a SceneException naming {@code source} and the channel. The optional layers {@code emission.R/G/B}
     * and {@code motion.X/Y} with {@code previousDepth.Z} are read when present (emission 0 and no motion
     * otherwise), and the firefly cascade's layers when its attribute describes them ({@link FilmIo}) and the image
     * is not too large for them ({@link Film#cascadeFits}; the input then has no cascade, as
     * {@link FilmIo#CASCADE_TOO_LARGE} says).
     */
    public static DenoiseInput fromExr(ExrImage img, Path source) {
        return fromExr(img, source, Film.MAX_ARRAY_LENGTH);
    }

    /** {@link #fromExr(ExrImage, Path)} with the cascade checked against {@code maxArrayLength} floats. */
    static DenoiseInput fromExr(ExrImage img, Path source, long maxArrayLength) {
        String[] rgb = ExrImage.RGB;
        float[] color = layer(img, source, "", rgb, "beauty");
        float[] albedo = layer(img, source, FilmIo.ALBEDO, rgb, "albedo AOV");
        float[] normal = layer(img, source, FilmIo.NORMAL, ExrImage.XYZ, "normal AOV");
        float[] depth = layer(img, source, FilmIo.DEPTH, null, "depth AOV");
        float[] variance = layer(img, source, FilmIo.VARIANCE, rgb, "variance layer");
        float[] emission = img.hasChannel(ExrImage.channelName(FilmIo.EMISSION, "R"))
                ? layer(img, source, FilmIo.EMISSION, rgb, "emission AOV") : zeros(3, img.width(), img.height());
        float[] motion = img.hasChannel(ExrImage.channelName(FilmIo.MOTION, "X"))
                ? layer(img, source, FilmIo.MOTION, FilmIo.XY, "motion AOV") : null;
        float[] previousDepth = motion != null && img.hasChannel(FilmIo.PREVIOUS_DEPTH)
                ? layer(img, source, FilmIo.PREVIOUS_DEPTH, null, "previous depth AOV") : null;
        LuminanceCascade cascade = FilmIo.cascadeOf(img, source);
        CascadeLayers cascades = cascade == null
                || !Film.cascadeFits((long) img.width() * img.height(), cascade, maxArrayLength) ? null
                : new CascadeLayers(cascade, FilmIo.cascadeMeans(img, cascade));
        return new DenoiseInput(img.width(), img.height(), color, albedo, normal, depth, variance,
                samples(img, source), emission, motion, previousDepth, cascades,
                img.hasChannel(FilmIo.ROUGHNESS) ? layer(img, source, FilmIo.ROUGHNESS, null, "roughness AOV") : null);
    }

    private static float[] zeros(int perPixel, int width, int height) {
        return new float[Math.max(0, perPixel * width * height)];
    }

    private static float[] layer(ExrImage img, Path source, String layer, String[] suffixes, String what) {
        String[] names = suffixes == null ? new String[] {layer} : new String[suffixes.length];
        if (suffixes != null) {
            for (int c = 0; c < suffixes.length; c++) names[c] = ExrImage.channelName(layer, suffixes[c]);
        }
        for (String name : names) {
            if (!img.hasChannel(name)) {
                throw new SceneException(source, "cannot denoise: missing channel '" + name + "' (" + what
                        + "; a Lucent render EXR has R,G,B, albedo.R/G/B, normal.X/Y/Z, depth.Z, variance.R/G/B)");
            }
            if (img.pixelType(name) == ExrPixelType.UINT) {
                throw new SceneException(source, "cannot denoise: channel '" + name + "' is UINT, expected float");
            }
        }
        return suffixes == null ? img.channel(layer).clone() : img.layer(layer, suffixes);
    }

    private static int samples(ExrImage img, Path source) {
        String spp = img.attribute(ImageMetadata.SAMPLES);
        if (spp == null) return 0;
        try {
            return Math.max(0, Integer.parseInt(spp.trim()));
        } catch (NumberFormatException e) {
            throw new SceneException(source, "attribute " + ImageMetadata.SAMPLES + " is not an integer: '" + spp
                    + "'");
        }
    }

    private static void checkLength(String what, float[] a, int expected) {
        if (a == null) throw new IllegalArgumentException(what + " is null");
        if (a.length != expected) {
            throw new IllegalArgumentException(what + ": " + a.length + " floats, expected " + expected);
        }
    }
}
