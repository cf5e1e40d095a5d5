package dev.lucent.backend.cuda;

import dev.lucent.compile.CompiledScene;
import dev.lucent.core.NativeBuffer;
import dev.lucent.light.EmissionSource;
import dev.lucent.light.LightSampler;

/**
 * The light-selection table the GPU path tracer reads (layout in shaders/common/lc_lights.h), taken from the
 * Java {@link LightSampler} of the same scene so both backends choose light groups and punctual lights with the
 * same probabilities: floats [0..2] group probabilities (punctual, emitters, environment), [3] punctual count,
 * then per punctual light i its inclusive CDF [4 + 2i] and probability [5 + 2i] within the punctual group.
 * Emitters need no table: the compiled LcEmitter pool carries their power CDF and is sorted by
 * (instance, triangle), which the GPU's emitter look-up relies on ({@link #requireSortedEmitters}).
 */
public final class GpuLightTable {
    private GpuLightTable() {}

    /** Group and punctual probabilities need no emission values; sampleLi is never called on this sampler. */
    private static final EmissionSource NO_EMISSION = new EmissionSource() {
        @Override
        public void emission(int instance, int triangle, float b1, float b2, float[] rgbOut) {
            throw new UnsupportedOperationException("light table only");
        }

        @Override
        public boolean doubleSided(int instance, int triangle) {
            throw new UnsupportedOperationException("light table only");
        }
    };

    /** The table's floats for {@code scene}. */
    public static float[] of(CompiledScene scene) {
        LightSampler ls = new LightSampler(scene, NO_EMISSION);
        return of(ls);
    }

    /** The table's floats for {@code scene} whose environment {@code environment} the caller already read. */
    public static float[] of(CompiledScene scene, dev.lucent.light.EnvironmentLight environment) {
        return of(new LightSampler(scene, NO_EMISSION, environment));
    }

    /** The table's floats for an already-built light sampler. */
    public static float[] of(LightSampler ls) {
        int n = ls.punctualCount();
        float[] t = new float[4 + 2 * Math.max(1, n)];
        t[0] = ls.groupPmf(LightSampler.GROUP_PUNCTUAL);
        t[1] = ls.groupPmf(LightSampler.GROUP_EMITTERS);
        t[2] = ls.groupPmf(LightSampler.GROUP_ENVIRONMENT);
        t[3] = n;
        double cdf = 0;
        for (int i = 0; i < n; i++) {
            double p = t[0] > 0 ? ls.punctualPmf(i) / t[0] : 0;
            cdf += p;
            t[4 + 2 * i] = i == n - 1 ? 1f : (float) cdf;
            t[5 + 2 * i] = (float) p;
        }
        return t;
    }

    /**
     * Checks that the emitter pool is sorted by (instance, triangle), strictly increasing.
     *
     * @throws IllegalStateException naming the first emitter out of order
     */
    public static void requireSortedEmitters(CompiledScene scene) {
        NativeBuffer e = scene.emitters;
        long prev = -1;
        for (int i = 0; i < scene.emitterCount; i++) {
            long o = (long) i * dev.lucent.core.Layout.LcEmitter.BYTES;
            long key = ((long) e.getInt(o + dev.lucent.core.Layout.LcEmitter.INSTANCE) << 32)
                    | Integer.toUnsignedLong(e.getInt(o + dev.lucent.core.Layout.LcEmitter.TRIANGLE));
            if (key <= prev) {
                throw new IllegalStateException("emitter " + i + " is out of (instance, triangle) order");
            }
            prev = key;
        }
    }
}
