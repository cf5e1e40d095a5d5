package dev.lucent.light;

import dev.lucent.compile.CompiledScene;
import dev.lucent.core.Layout;
import dev.lucent.core.Layout.LcImage;
import dev.lucent.core.Layout.LcSceneGlobals;
import dev.lucent.core.NativeBuffer;
import dev.lucent.scene.SceneException;

/**
 * Distant lighting from LcSceneGlobals: an equirectangular (latitude-longitude) map from the texel pool, scaled
 * by {@code envIntensity} and rotated by {@code envRotation} about +y, or, when {@code envImage} is LC_NONE,
 * the uniform radiance {@code background.rgb} (used as stored; intensity and rotation apply to the map only).
 *
 * <h2>Direction to uv convention (the CUDA and GLSL ports copy it exactly)</h2>
 * World direction {@code d} (y up, right-handed) is first taken into map space by rotating it by
 * {@code -envRotation} about +y: {@code l = (d.x cos r - d.z sin r, d.y, d.x sin r + d.z cos r)}, so a feature
 * at map direction {@code l} appears in the world at {@code Ry(r) l}. Then
 * <pre>
 *   u = 0.5 + atan2(l.x, -l.z) / (2 pi)      in [0,1); u = 0.5 looking down -z, 0.75 at +x, 0 / 1 at +z
 *   v = acos(l.y) / pi                       in [0,1]; v = 0 at +y (the top row), 1 at -y
 *       (for a unit l; the Java code evaluates it as atan2(sqrt(l.x^2 + l.z^2), l.y) / pi, the same angle)
 *   inverse: phi = 2 pi (u - 0.5), theta = pi v,
 *            l = (sin theta sin phi, cos theta, -sin theta cos phi)
 * </pre>
 * Seen from inside the sphere the image is not mirrored: looking down -z, +x (image right) is to the right.
 * Pixel {@code (ix, iy) = (min(floor(u W), W-1), min(floor(v H), H-1))}, row 0 is the top row (LcImage).
 *
 * <h2>Look-up and sampling</h2>
 * Radiance is a <b>nearest-texel</b> look-up; the sampling pdf is piecewise constant over the same texels, and
 * {@link #evalEnvironment}, {@link #pdfEnvironment} and {@link #sampleEnvironment} all go through that one
 * look-up, so the pdf a sample reports is the pdf MIS computes for the same direction. Each texel is chosen
 * with probability proportional to {@code luminance x solid angle}, the texel's solid angle being
 * {@code (2 pi / W) (cos theta_top - cos theta_bottom)} (the exact form of the usual {@code luminance x
 * sin(theta)} weight); inside the texel, phi is uniform and cos(theta) is uniform, so the density is constant
 * over the texel's solid angle: {@code pdf(d) = P(texel) / solidAngle(texel)}. A constant map therefore has
 * pdf exactly 1/(4 pi). The uniform background is sampled uniformly over the sphere.
 *
 * <p>Texels: RGBA32F is linear radiance; RGBA8 is sRGB-encoded (bytes R, G, B, A in memory order, R in the low
 * byte of the little-endian word) and decoded to linear. Non-finite texel channels read as 0. The texel pool is
 * read in place; the CompiledScene must outlive this object.
 */
public final class EnvironmentLight {
    private static final float INV_4PI = (float) (1.0 / (4.0 * Math.PI));
    private static final float[] SRGB_TO_LINEAR = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            double c = i / 255.0;
            SRGB_TO_LINEAR[i] = (float) (c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
        }
    }

    private final float backgroundR, backgroundG, backgroundB;
    private final float intensity;
    private final float cosRot, sinRot;
    /** Image state; texels == null for the uniform background. */
    private final NativeBuffer texels;
    private final long texelByteOffset;
    private final int width, height, format;
    private final Distribution2D distribution;
    /** cos(pi * row / H) for row = 0..H. */
    private final double[] rowCos;
    private final double averageLuminance;

    /** The environment of a compiled scene. */
    public static EnvironmentLight fromScene(CompiledScene scene) {
        return new EnvironmentLight(scene.globals, scene.images, scene.imageCount, scene.texels);
    }

    /**
     * Reads LcSceneGlobals from {@code globals} and, if {@code envImage} is set, that LcImage of
     * {@code images} (holding {@code imageCount} entries) and its texels. Throws SceneException if the image
     * reference or its extent is invalid.
     */
    public EnvironmentLight(NativeBuffer globals, NativeBuffer images, int imageCount, NativeBuffer texels) {
        backgroundR = globals.getFloat(LcSceneGlobals.BACKGROUND);
        backgroundG = globals.getFloat(LcSceneGlobals.BACKGROUND + 4);
        backgroundB = globals.getFloat(LcSceneGlobals.BACKGROUND + 8);
        int envImage = globals.getInt(LcSceneGlobals.ENV_IMAGE);
        intensity = globals.getFloat(LcSceneGlobals.ENV_INTENSITY);
        float rotation = globals.getFloat(LcSceneGlobals.ENV_ROTATION);
        cosRot = (float) Math.cos(rotation);
        sinRot = (float) Math.sin(rotation);
        if (envImage == Layout.LC_NONE) {
            this.texels = null;
            texelByteOffset = 0;
            width = height = 0;
            format = Layout.LC_NONE;
            distribution = null;
            rowCos = null;
            averageLuminance = Math.max(0f, Luminance.of(backgroundR, backgroundG, backgroundB));
            return;
        }
        if (envImage < 0 || envImage >= imageCount || images == null) {
            throw new SceneException(null, "environment image index " + envImage + " is not one of the "
                    + imageCount + " compiled images");
        }
        long img = (long) envImage * LcImage.BYTES;
        width = images.getInt(img + LcImage.WIDTH);
        height = images.getInt(img + LcImage.HEIGHT);
        format = images.getInt(img + LcImage.FORMAT);
        long offsetWords = Integer.toUnsignedLong(images.getInt(img + LcImage.OFFSET_WORDS));
        int wordsPerTexel = format == Layout.LC_IMAGE_RGBA32F ? 4 : 1;
        if (format != Layout.LC_IMAGE_RGBA32F && format != Layout.LC_IMAGE_RGBA8) {
            throw new SceneException(null, "environment image " + envImage + " has unknown format " + format);
        }
        if (width <= 0 || height <= 0) {
            throw new SceneException(null, "environment image " + envImage + " is " + width + " x " + height);
        }
        long endByte = (offsetWords + (long) width * height * wordsPerTexel) * 4;
        if (texels == null || endByte > texels.size()) {
            throw new SceneException(null, "environment image " + envImage + " extends past the texel pool ("
                    + endByte + " > " + (texels == null ? 0 : texels.size()) + " bytes)");
        }
        this.texels = texels;
        texelByteOffset = offsetWords * 4;
        rowCos = new double[height + 1];
        for (int r = 0; r <= height; r++) rowCos[r] = Math.cos(Math.PI * r / height);
        rowCos[height] = -1.0;
        float[] weights = new float[width * height];
        float[] rgb = new float[3];
        double weighted = 0;
        for (int y = 0; y < height; y++) {
            double band = rowCos[y] - rowCos[y + 1];
            for (int x = 0; x < width; x++) {
                texel(x, y, rgb);
                float lum = Math.max(0f, Luminance.of(rgb[0], rgb[1], rgb[2]));
                weights[y * width + x] = (float) (lum * band);
                weighted += lum * band;
            }
        }
        distribution = new Distribution2D(weights, width, height);
        // sum over texels of lum * solidAngle / (4 pi), solidAngle = band * 2 pi / W
        averageLuminance = intensity * weighted * (2.0 * Math.PI / width) / (4.0 * Math.PI);
    }

    /** True when radiance comes from a map, false for the uniform background. */
    public boolean hasImage() { return texels != null; }

    public int width() { return width; }
    public int height() { return height; }

    /** The texel distribution (null for the uniform background), for GPU upload: weights and cdfs per row. */
    public Distribution2D distribution() { return distribution; }

    /** Mean luminance of the radiance over the sphere of directions (intensity applied). */
    public float averageLuminance() { return (float) averageLuminance; }

    /**
     * Estimated power reaching a scene of bounding-sphere radius {@code sceneRadius} (metres):
     * {@code averageLuminance x pi x 4 pi radius^2}, the flux of uniform radiance through that sphere.
     */
    public float power(float sceneRadius) {
        return (float) (averageLuminance * Math.PI * 4.0 * Math.PI * sceneRadius * sceneRadius);
    }

    /** Radiance arriving from world direction (dx,dy,dz) (need not be unit), linear RGB, into rgbOut. */
    public void evalEnvironment(float dx, float dy, float dz, float[] rgbOut) {
        if (texels == null) {
            rgbOut[0] = backgroundR;
            rgbOut[1] = backgroundG;
            rgbOut[2] = backgroundB;
            return;
        }
        int p = pixelOf(dx, dy, dz);
        texel(p % width, p / width, rgbOut);
        rgbOut[0] *= intensity;
        rgbOut[1] *= intensity;
        rgbOut[2] *= intensity;
    }

    /** Solid-angle density with which {@link #sampleEnvironment} produces world direction (dx,dy,dz). */
    public float pdfEnvironment(float dx, float dy, float dz) {
        if (texels == null) return INV_4PI;
        int p = pixelOf(dx, dy, dz);
        return pdfPixel(p % width, p / width);
    }

    /**
     * Samples a world direction for (u0, u1) in [0,1)^2. Fills wi, Le (radiance from wi), pdf (solid angle, no
     * light-selection factor), distance = +inf and isDelta = false. Returns false (pdf 0) if the sampled
     * direction has zero density, which happens only through rounding at the edge of a zero-weight texel.
     */
    public boolean sampleEnvironment(float u0, float u1, LightSample out) {
        float lx, ly, lz;
        if (texels == null) {
            float z = 1f - 2f * u0;
            float r = (float) Math.sqrt(Math.max(0f, 1f - z * z));
            double phi = 2.0 * Math.PI * u1;
            lx = (float) (r * Math.cos(phi));
            ly = z;
            lz = (float) (r * Math.sin(phi));
        } else {
            Distribution2D.Sample s = distribution.sample(u0, u1, out.envScratch);
            double cosTheta = rowCos[s.iv] + s.fv * (rowCos[s.iv + 1] - rowCos[s.iv]);
            double sinTheta = Math.sqrt(Math.max(0.0, 1.0 - cosTheta * cosTheta));
            double phi = 2.0 * Math.PI * (s.u - 0.5);
            lx = (float) (sinTheta * Math.sin(phi));
            ly = (float) cosTheta;
            lz = (float) (-sinTheta * Math.cos(phi));
        }
        out.setDirection(lx * cosRot + lz * sinRot, ly, -lx * sinRot + lz * cosRot);
        out.distance = Float.POSITIVE_INFINITY;
        out.isDelta = false;
        if (texels == null) {
            out.setRadiance(backgroundR, backgroundG, backgroundB);
            out.pdf = INV_4PI;
            return true;
        }
        // radiance and pdf from the look-up of the final direction: exactly what eval and pdf return for it
        int p = pixelOf(out.wiX, out.wiY, out.wiZ);
        int ix = p % width, iy = p / width;
        texel(ix, iy, out.rgb);
        out.setRadiance(out.rgb[0] * intensity, out.rgb[1] * intensity, out.rgb[2] * intensity);
        out.pdf = pdfPixel(ix, iy);
        return out.pdf > 0f;
    }

    /** Solid-angle density of texel (ix, iy): its selection probability over its solid angle. */
    private float pdfPixel(int ix, int iy) {
        double solidAngle = (2.0 * Math.PI / width) * (rowCos[iy] - rowCos[iy + 1]);
        return (float) (distribution.pmfCell(ix, iy) / solidAngle);
    }

    /** Flat texel index iy * W + ix of world direction (dx,dy,dz) under the convention in the class comment. */
    private int pixelOf(float dx, float dy, float dz) {
        float lx = dx * cosRot - dz * sinRot;
        float lz = dx * sinRot + dz * cosRot;
        double u = 0.5 + Math.atan2(lx, -lz) / (2.0 * Math.PI);
        // acos(y / |d|) written as atan2: no normalisation, accurate near the poles, and far cheaper in Java
        double v = Math.atan2(Math.sqrt((double) lx * lx + (double) lz * lz), dy) / Math.PI;
        int ix = Math.min(Math.max((int) (u * width), 0), width - 1);
        int iy = Math.min(Math.max((int) (v * height), 0), height - 1);
        return iy * width + ix;
    }

    /** Linear RGB of texel (x, y) before intensity, non-finite channels as 0. */
    private void texel(int x, int y, float[] rgb) {
        long t = (long) y * width + x;
        if (format == Layout.LC_IMAGE_RGBA32F) {
            long o = texelByteOffset + t * 16;
            rgb[0] = finite(texels.getFloat(o));
            rgb[1] = finite(texels.getFloat(o + 4));
            rgb[2] = finite(texels.getFloat(o + 8));
        } else {
            int w = texels.getInt(texelByteOffset + t * 4);
            rgb[0] = SRGB_TO_LINEAR[w & 0xff];
            rgb[1] = SRGB_TO_LINEAR[(w >>> 8) & 0xff];
            rgb[2] = SRGB_TO_LINEAR[(w >>> 16) & 0xff];
        }
    }

    private static float finite(float f) {
        return Float.isFinite(f) ? f : 0f;
    }

    /**
     * Map-space (unrotated) direction to (u, v) under the class convention; {@code d} need not be unit.
     * Writes u in [0,1) and v in [0,1] to uvOut.
     */
    public static void directionToUv(float dx, float dy, float dz, float[] uvOut) {
        double u = 0.5 + Math.atan2(dx, -dz) / (2.0 * Math.PI);
        uvOut[0] = (float) Math.min(u, Math.nextDown(1.0));
        uvOut[1] = (float) (Math.atan2(Math.sqrt((double) dx * dx + (double) dz * dz), dy) / Math.PI);
    }

    /** Inverse of {@link #directionToUv}: unit map-space direction of (u, v), into dirOut. */
    public static void uvToDirection(float u, float v, float[] dirOut) {
        double phi = 2.0 * Math.PI * (u - 0.5), theta = Math.PI * v;
        dirOut[0] = (float) (Math.sin(theta) * Math.sin(phi));
        dirOut[1] = (float) Math.cos(theta);
        dirOut[2] = (float) (-Math.sin(theta) * Math.cos(phi));
    }
}
