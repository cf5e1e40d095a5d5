package dev.lucent.image;

import dev.lucent.scene.SceneException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Film to and from OpenEXR.
 *
 * <p>{@link #outputImage} is the render output: linear float {@code R, G, B} (the mean radiance),
 * {@code A} = 1, and the AOV layers {@code albedo.R/G/B}, {@code normal.X/Y/Z}, {@code depth.Z}
 * (+infinity where nothing was hit), {@code variance.R/G/B} (variance of the pixel mean),
 * {@code emission.R/G/B} (first-hit emission the camera sees), {@code motion.X/Y} (screen-space motion from
 * the previous frame in pixels, x right and y down: the point was at (x - X, y - Y)) and
 * {@code previousDepth.Z} (the hit point's camera distance in the previous frame), all in one file. These names are what tinyexr, OpenEXR tools and denoisers expect of layered EXRs.
 *
 * <p>Where every sample reported its first hit's roughness ({@link Film#hasRoughness()}: the CPU backend) the
 * output holds its mean perceptual roughness {@code roughness.Y}. Where the film records the firefly cascade
 * and every sample was split into it ({@link Film#hasCascades()}: a CPU render asked for the denoising data),
 * the output also holds the cascade buffers' means as layers {@code cascade0.R/G/B} ..
 * {@code cascade<count-1>.R/G/B} (buffer i holds the samples of luminance around {@code start * ratio^i}; they
 * sum to {@code R, G, B}; {@link LuminanceCascade}) and the attribute {@value #CASCADE_ATTRIBUTE} reads
 * {@code start=S ratio=R count=N}. Otherwise there are no cascade layers and the attribute reads {@code none: }
 * and why ({@link Film#cascadeAbsence()}: {@link #CASCADE_NOT_ASKED}, {@link #CASCADE_MERGED}, or what the state
 * file a film was resumed from said). The denoisers' firefly reweighting reads these layers; the beauty is the
 * plain mean either way.
 *
 * <p>{@link #save} writes a resumable state file: the output image plus the exact accumulator state, which
 * float channels cannot hold since the mean and M2 are doubles: {@code state.meanRhi/Rlo ... m2Bhi/Blo} are
 * UINT channels with the high and low 32 bits of each double's IEEE 754 bit pattern, {@code state.samples}
 * and {@code state.depthHits} are UINT counts. AOVs are float in the film, so their float layers are
 * exact. {@link #load} rebuilds a Film whose every accumulator is bit-identical to the one saved.
 */
public final class FilmIo {
    public static final String ALBEDO = "albedo";
    public static final String NORMAL = "normal";
    public static final String DEPTH = "depth.Z";
    public static final String VARIANCE = "variance";
    public static final String EMISSION = "emission";
    public static final String MOTION = "motion";
    /** Channel of the hit points' camera distance in the previous frame (+infinity where unknown). */
    public static final String PREVIOUS_DEPTH = "previousDepth.Z";
    /** Channel suffixes of the motion layer. */
    public static final String[] XY = {"X", "Y"};
    public static final String SAMPLES = "state.samples";
    public static final String DEPTH_HITS = "state.depthHits";
    /** Attribute marking a state file, with its format version. */
    public static final String STATE_ATTRIBUTE = "lucent.filmState";
    public static final String STATE_VERSION = "1";
    /** Attribute holding {@link Film#nonFiniteSamples()} of a state file. */
    public static final String NON_FINITE_ATTRIBUTE = "lucent.nonFiniteSamples";

    /**
     * Channel of the first hit's mean perceptual roughness (0 smooth to 1 rough, misses count as 0), written where
     * every sample reported one (the CPU backend).
     */
    public static final String ROUGHNESS = "roughness.Y";
    /** Layer name prefix of the cascade buffers: {@code cascade0} .. {@code cascade<count-1>}. */
    public static final String CASCADE = "cascade";
    /** Attribute describing the cascade layers ({@code start=S ratio=R count=N}) or why there are none. */
    public static final String CASCADE_ATTRIBUTE = "lucent.cascade";
    /** Start of {@value #CASCADE_ATTRIBUTE} for a film without the cascade layers; the reason follows. */
    public static final String NONE = "none: ";
    /** Why a film made without a cascade ({@link Film#Film(int, int)}) has none. */
    public static final String CASCADE_NOT_ASKED = "not recorded (not asked for: lucent render records it for"
            + " --denoise cpu or cpu-regression on the CPU backend, or with --denoising-data)";
    /** Why a film with samples merged from a GPU backend ({@link Film#mergeSamples}) has none. */
    public static final String CASCADE_MERGED = "not recorded (samples merged from a backend that does not split"
            + " them into the firefly cascade: CUDA, Vulkan)";
    /**
     * Why a film or EXR too large for the cascade's buffers ({@link Film#cascadeFits}) has none, or its layers are
     * not used.
     */
    public static final String CASCADE_TOO_LARGE = "not recorded (the image is too large for the firefly cascade:"
            + " 3 x buffers x pixels floats exceed a Java array)";
    /** Why a film loaded from a state file with no {@value #CASCADE_ATTRIBUTE} attribute has none. */
    static final String CASCADE_NOT_IN_STATE = "not recorded (the state file has no cascade layers)";
    /** Value of {@value #CASCADE_ATTRIBUTE} for a film with samples from a backend that does not split them. */
    public static final String NO_CASCADE = NONE + CASCADE_MERGED;

    private static final String[] RGB = ExrImage.RGB;

    private FilmIo() {}

    /** The render output image (beauty + AOVs, float), with {@code metadata} as attributes. */
    public static ExrImage outputImage(Film film, ImageMetadata metadata) {
        ExrImage img = new ExrImage(film.width(), film.height());
        img.putLayer("", RGB, film.beautyRgb(), ExrPixelType.FLOAT);
        float[] alpha = new float[film.pixelCount()];
        Arrays.fill(alpha, 1f);
        img.putChannel("A", alpha);
        img.putLayer(ALBEDO, RGB, film.albedoRgb(), ExrPixelType.FLOAT);
        img.putLayer(NORMAL, ExrImage.XYZ, film.normalXyz(), ExrPixelType.FLOAT);
        img.putChannel(DEPTH, film.depths());
        img.putLayer(VARIANCE, RGB, film.varianceOfMeanRgb(), ExrPixelType.FLOAT);
        img.putLayer(EMISSION, RGB, film.emissionRgb(), ExrPixelType.FLOAT);
        img.putLayer(MOTION, XY, film.motionXy(), ExrPixelType.FLOAT);
        img.putChannel(PREVIOUS_DEPTH, film.previousDepths());
        img.putAttributes(metadata);
        if (film.hasRoughness()) img.putChannel(ROUGHNESS, film.roughnessValues());
        if (film.hasCascades()) {
            LuminanceCascade cascade = film.cascade();
            int n = film.pixelCount();
            // Each layer's planes straight from the film: no cascadeMeans() array (3 count n floats) to copy.
            for (int i = 0; i < cascade.count(); i++) {
                float[] r = new float[n], g = new float[n], b = new float[n];
                film.cascadePlanes(i, r, g, b);
                img.putChannel(ExrImage.channelName(CASCADE + i, RGB[0]), r);
                img.putChannel(ExrImage.channelName(CASCADE + i, RGB[1]), g);
                img.putChannel(ExrImage.channelName(CASCADE + i, RGB[2]), b);
            }
            img.putAttribute(CASCADE_ATTRIBUTE, describe(cascade));
        } else {
            img.putAttribute(CASCADE_ATTRIBUTE, NONE + film.cascadeAbsence());
        }
        return img;
    }

    /** {@link #outputImage} plus the exact accumulator state; see the class comment. */
    public static ExrImage stateImage(Film film, ImageMetadata metadata) {
        ExrImage img = outputImage(film, metadata);
        int n = film.pixelCount();
        for (int c = 0; c < 3; c++) {
            putDoubleBits(img, "state.mean" + RGB[c], film.mean, c, n);
            putDoubleBits(img, "state.m2" + RGB[c], film.m2, c, n);
        }
        img.putUintChannel(SAMPLES, film.count.clone());
        img.putUintChannel(DEPTH_HITS, film.depthHits.clone());
        img.putAttribute(STATE_ATTRIBUTE, STATE_VERSION);
        img.putAttribute(NON_FINITE_ATTRIBUTE, Long.toString(film.nonFiniteSamples()));
        return img;
    }

    /** Writes the output EXR of {@code film} to {@code target} (atomically). */
    public static void writeOutput(Path target, Film film, ImageMetadata metadata) {
        ExrWriter.write(target, outputImage(film, metadata));
    }

    /** Writes a resumable state file of {@code film} to {@code target} (atomically, ZIP). */
    public static void save(Path target, Film film, ImageMetadata metadata) {
        save(target, film, metadata, ExrCompression.ZIP);
    }

    /** Writes a resumable state file with the given compression (NONE is fastest for frequent checkpoints). */
    public static void save(Path target, Film film, ImageMetadata metadata, ExrCompression compression) {
        ExrWriter.write(target, stateImage(film, metadata), compression);
    }

    /** Loads a state file written by {@link #save}. SceneException if the file is not one. */
    public static Film load(Path file) {
        return fromState(ExrReader.read(file), file);
    }

    /** Rebuilds the film saved in {@code img}; {@code source} names it in error messages. */
    public static Film fromState(ExrImage img, Path source) {
        if (!STATE_VERSION.equals(img.attribute(STATE_ATTRIBUTE))) {
            throw new SceneException(source, "not a Lucent film state file (attribute " + STATE_ATTRIBUTE
                    + " is " + img.attribute(STATE_ATTRIBUTE) + ", expected " + STATE_VERSION + ")");
        }
        try {
            LuminanceCascade cascade = cascadeOf(img, source);
            // The film records the cascade exactly when the state has it: samples saved without their split
            // cannot be reweighted, so a film resumed from such a state records none and keeps the state's reason.
            Film film = new Film(img.width(), img.height(), cascade);
            if (cascade != null) film.loadCascade(cascadeMeans(img, cascade));
            else film.cascadeAbsence = absenceIn(img);
            if (img.hasChannel(ROUGHNESS)) System.arraycopy(img.channel(ROUGHNESS), 0, film.roughness, 0, img.width() * img.height());
            else film.roughnessComplete = false;
            int n = film.pixelCount();
            for (int c = 0; c < 3; c++) {
                getDoubleBits(img, "state.mean" + RGB[c], film.mean, c, n);
                getDoubleBits(img, "state.m2" + RGB[c], film.m2, c, n);
            }
            System.arraycopy(img.uintChannel(SAMPLES), 0, film.count, 0, n);
            System.arraycopy(img.uintChannel(DEPTH_HITS), 0, film.depthHits, 0, n);
            System.arraycopy(img.layer(ALBEDO, RGB), 0, film.albedo, 0, 3 * n);
            System.arraycopy(img.layer(NORMAL, ExrImage.XYZ), 0, film.normal, 0, 3 * n);
            System.arraycopy(img.channel(DEPTH), 0, film.depth, 0, n);
            // A state file without these layers resumes with emission and motion 0 for the samples it holds.
            if (img.hasChannel(ExrImage.channelName(EMISSION, "R"))) {
                System.arraycopy(img.layer(EMISSION, RGB), 0, film.emission, 0, 3 * n);
            }
            if (img.hasChannel(ExrImage.channelName(MOTION, "X"))) {
                System.arraycopy(img.layer(MOTION, XY), 0, film.motion, 0, 2 * n);
            }
            if (img.hasChannel(PREVIOUS_DEPTH)) System.arraycopy(img.channel(PREVIOUS_DEPTH), 0, film.previousDepth, 0, n);
            for (int p = 0; p < n; p++) {
                if (film.count[p] < 0 || film.depthHits[p] < 0 || film.depthHits[p] > film.count[p]) {
                    throw new SceneException(source, "inconsistent sample counts at pixel " + p);
                }
            }
            String nonFinite = img.attribute(NON_FINITE_ATTRIBUTE);
            if (nonFinite != null) film.nonFinite.add(Long.parseLong(nonFinite));
            return film;
        } catch (IllegalArgumentException e) {
            throw new SceneException(source, "incomplete film state: " + e.getMessage(), e);
        }
    }

    /**
     * Why {@code img} has no cascade layers as its {@value #CASCADE_ATTRIBUTE} says: the text after {@code none: };
     * null when the attribute is absent or does not say none.
     */
    public static String cascadeAbsenceOf(ExrImage img) {
        String value = img.attribute(CASCADE_ATTRIBUTE);
        if (value != null && value.startsWith(NONE) && value.length() > NONE.length()) {
            return value.substring(NONE.length());
        }
        return null;
    }

    /**
     * {@link #cascadeAbsenceOf}, or {@link #CASCADE_NOT_IN_STATE} where that is null; this class's own reasons as
     * their constants (the film compares them by identity).
     */
    private static String absenceIn(ExrImage img) {
        String reason = cascadeAbsenceOf(img);
        if (reason == null) return CASCADE_NOT_IN_STATE;
        for (String known : new String[] {CASCADE_NOT_ASKED, CASCADE_MERGED, CASCADE_NOT_IN_STATE,
                CASCADE_TOO_LARGE}) {
            if (known.equals(reason)) return known;
        }
        return reason;
    }

    /** The {@value #CASCADE_ATTRIBUTE} value of a cascade: {@code start=S ratio=R count=N}. */
    public static String describe(LuminanceCascade cascade) {
        return "start=" + cascade.start() + " ratio=" + cascade.ratio() + " count=" + cascade.count();
    }

    /**
     * The cascade {@code img}'s {@value #CASCADE_ATTRIBUTE} describes, or null when the attribute is absent or
     * says there is none, or when the image has none of its layers (absent optional layers are no error, as for
     * emission and motion). A malformed description is a SceneException, and so is a malformed set of layers (as
     * a present but malformed emission, motion or roughness layer is for {@link #fromState} and the denoisers'
     * input): some but not all of {@code cascade0 .. cascade<count-1>} with all of R, G and B, or one of those
     * channels UINT instead of float (FLOAT or HALF). The message names the first malformed layer and channel.
     */
    public static LuminanceCascade cascadeOf(ExrImage img, Path source) {
        String value = img.attribute(CASCADE_ATTRIBUTE);
        if (value == null || value.startsWith("none")) return null;
        float start = Float.NaN, ratio = Float.NaN;
        int count = -1;
        try {
            for (String part : value.trim().split("\\s+")) {
                String[] kv = part.split("=", 2);
                if (kv.length != 2) throw new NumberFormatException(part);
                switch (kv[0]) {
                    case "start" -> start = Float.parseFloat(kv[1]);
                    case "ratio" -> ratio = Float.parseFloat(kv[1]);
                    case "count" -> count = Integer.parseInt(kv[1]);
                    default -> throw new NumberFormatException(part);
                }
            }
            LuminanceCascade cascade = new LuminanceCascade(start, ratio, count);
            return hasCascadeLayers(img, source, cascade) ? cascade : null;
        } catch (IllegalArgumentException e) {
            throw new SceneException(source, "attribute " + CASCADE_ATTRIBUTE + " is not 'start=S ratio=R count=N': '"
                    + value + "'");
        }
    }

    /**
     * Whether {@code img} has every channel of {@code cascade}'s layers as float (true) or none of them (false);
     * a SceneException for anything between, or a UINT one, naming the layer.
     */
    private static boolean hasCascadeLayers(ExrImage img, Path source, LuminanceCascade cascade) {
        int present = 0;
        String missing = null;
        for (int i = 0; i < cascade.count(); i++) {
            for (String suffix : RGB) {
                String name = ExrImage.channelName(CASCADE + i, suffix);
                if (!img.hasChannel(name)) {
                    if (missing == null) missing = name;
                    continue;
                }
                present++;
                if (img.pixelType(name) == ExrPixelType.UINT) {
                    throw new SceneException(source, "firefly cascade layer '" + CASCADE + i + "': channel '" + name
                            + "' is UINT, expected float");
                }
            }
        }
        if (present == 0) return false;
        if (missing != null) {
            String layer = missing.substring(0, missing.indexOf('.'));
            throw new SceneException(source, "firefly cascade layer '" + layer + "': missing channel '" + missing
                    + "' (" + CASCADE_ATTRIBUTE + " '" + describe(cascade) + "' needs " + CASCADE + "0 .. " + CASCADE
                    + (cascade.count() - 1) + " with R, G, B)");
        }
        return true;
    }

    /**
     * The cascade layers of {@code img} in the layout of {@link Film#cascadeMeans()}; an IllegalArgumentException
     * when that array would not fit in a Java array ({@link Film#cascadeFits}).
     */
    public static float[] cascadeMeans(ExrImage img, LuminanceCascade cascade) {
        int n = img.width() * img.height();
        if (!Film.cascadeFits(n, cascade, Film.MAX_ARRAY_LENGTH)) {
            throw new IllegalArgumentException(img.width() + "x" + img.height() + " is too large for a cascade of "
                    + cascade.count() + " buffers");
        }
        // 3 count n fits in an int, so every offset below does.
        float[] out = new float[3 * cascade.count() * n];
        for (int i = 0; i < cascade.count(); i++) {
            System.arraycopy(img.layer(CASCADE + i, RGB), 0, out, 3 * i * n, 3 * n);
        }
        return out;
    }

    private static void putDoubleBits(ExrImage img, String name, double[] values, int c, int n) {
        int[] hi = new int[n];
        int[] lo = new int[n];
        for (int p = 0; p < n; p++) {
            long bits = Double.doubleToRawLongBits(values[3 * p + c]);
            hi[p] = (int) (bits >>> 32);
            lo[p] = (int) bits;
        }
        img.putUintChannel(name + "hi", hi);
        img.putUintChannel(name + "lo", lo);
    }

    private static void getDoubleBits(ExrImage img, String name, double[] values, int c, int n) {
        int[] hi = img.uintChannel(name + "hi");
        int[] lo = img.uintChannel(name + "lo");
        for (int p = 0; p < n; p++) {
            long bits = ((long) hi[p] << 32) | (lo[p] & 0xffffffffL);
            values[3 * p + c] = Double.longBitsToDouble(bits);
        }
    }
}
