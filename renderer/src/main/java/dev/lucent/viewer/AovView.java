package dev.lucent.viewer;

import dev.lucent.image.Film;

/**
 * Which film layer the viewer shows, and how it is turned into display floats (3 per pixel, rows top to
 * bottom) for the display shader.
 */
public enum AovView {
    /** Mean radiance (or the denoised image), exposed and tone-mapped like a PNG. */
    BEAUTY("beauty", DisplayMode.TONE_MAPPED),
    /** First-hit albedo, linear reflectance shown through the sRGB OETF without exposure or tone map. */
    ALBEDO("albedo", DisplayMode.LINEAR),
    /** First-hit world-space shading normal mapped from [-1,1] to [0,1] per component, shown as data. */
    NORMAL("normal", DisplayMode.DATA),
    /** Camera distance as grey, 1 at the nearest hit to 0 at the farthest, black where nothing was hit. */
    DEPTH("depth", DisplayMode.DATA),
    /** Standard error of the pixel mean per channel (square root of the variance of the mean), tone-mapped. */
    VARIANCE("variance", DisplayMode.TONE_MAPPED);

    /** How the display shader treats a layer's floats. */
    public enum DisplayMode {
        /** Exposure, tone map, sRGB OETF: the {@link dev.lucent.image.DisplayTransform} of the CLI. */
        TONE_MAPPED(0),
        /** Clamp to [0,1] and sRGB OETF. */
        LINEAR(1),
        /** Clamp to [0,1], no transfer function: the values are already display codes / 1. */
        DATA(2);

        /** The shader's {@code uMode} value. */
        public final int shaderValue;

        DisplayMode(int v) { shaderValue = v; }
    }

    public final String label;
    public final DisplayMode mode;

    AovView(String label, DisplayMode mode) {
        this.label = label;
        this.mode = mode;
    }

    /** Labels in declaration order, for the overlay's combo box. */
    public static String[] labels() {
        AovView[] v = values();
        String[] s = new String[v.length];
        for (int i = 0; i < v.length; i++) s[i] = v[i].label;
        return s;
    }

    /** This layer of {@code film} as display floats; BEAUTY returns {@code denoised} when it is not null. */
    public float[] extract(Film film, float[] denoised) {
        switch (this) {
            case BEAUTY:
                return denoised != null ? denoised : film.beautyRgb();
            case ALBEDO:
                return film.albedoRgb();
            case NORMAL: {
                float[] n = film.normalXyz();
                for (int i = 0; i < n.length; i++) n[i] = n[i] * 0.5f + 0.5f;
                return n;
            }
            case DEPTH: {
                float[] d = film.depths();
                float near = Float.POSITIVE_INFINITY, far = 0;
                for (float v : d) {
                    if (v < Float.POSITIVE_INFINITY) {
                        near = Math.min(near, v);
                        far = Math.max(far, v);
                    }
                }
                float span = far > near ? far - near : 1;
                float[] out = new float[3 * d.length];
                for (int p = 0; p < d.length; p++) {
                    float g = d[p] < Float.POSITIVE_INFINITY ? 1 - (d[p] - near) / span : 0;
                    out[3 * p] = g;
                    out[3 * p + 1] = g;
                    out[3 * p + 2] = g;
                }
                return out;
            }
            case VARIANCE: {
                float[] v = film.varianceOfMeanRgb();
                for (int i = 0; i < v.length; i++) v[i] = (float) Math.sqrt(Math.max(0, v[i]));
                return v;
            }
            default:
                throw new IllegalStateException(name());
        }
    }
}
