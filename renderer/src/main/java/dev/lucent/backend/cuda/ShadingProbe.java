package dev.lucent.backend.cuda;

import dev.lucent.core.NativeBuffer;
import jcuda.Pointer;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;

/**
 * Runs the shared GPU shading headers on host-given inputs (kernels of shaders/cuda/shading_probe.cu), so the
 * CUDA sampler and BSDF can be compared with the Java reference. Not used when rendering.
 */
public final class ShadingProbe {
    /** Floats per sampler query: dimensions 0..7 read as get1D, get2D, get1D, get2D, get2D. */
    public static final int SAMPLER_VALUES = 8;
    /** Floats per BSDF query and per BSDF result (layout in shading_probe.cu). */
    public static final int BSDF_FLOATS = 16;
    private static final int BLOCK = 128;

    private final CudaContext ctx;
    private final CUfunction sampler, bsdf;

    public ShadingProbe(CudaContext ctx) {
        this.ctx = ctx;
        CUmodule m = ctx.loadModule("shading_probe");
        sampler = ctx.function(m, "probeSampler");
        bsdf = ctx.function(m, "probeBsdf");
    }

    /**
     * GPU SobolSampler values: for query i, pixel (px[i], py[i]) at sample index[i] with {@code seed}, the
     * values of dimensions 0..7 at [8 i .. 8 i + 7].
     */
    public float[] samplerValues(int[] px, int[] py, int[] index, long seed) {
        int n = px.length;
        try (NativeBuffer q = NativeBuffer.allocate(16L * n); NativeBuffer v = NativeBuffer.allocate(4L * SAMPLER_VALUES * n);
                DeviceBuffer dq = DeviceBuffer.allocate(q.size()); DeviceBuffer dv = DeviceBuffer.allocate(v.size())) {
            for (int i = 0; i < n; i++) {
                q.putInt(16L * i, px[i]);
                q.putInt(16L * i + 4, py[i]);
                q.putInt(16L * i + 8, index[i]);
                q.putInt(16L * i + 12, 0);
            }
            dq.upload(q, 0, 0, q.size());
            ctx.launch(sampler, "probeSampler", n, BLOCK, dq.param(), Pointer.to(new int[] {n}),
                    Pointer.to(new int[] {(int) seed}), Pointer.to(new int[] {(int) (seed >>> 32)}), dv.param());
            ctx.synchronize();
            dv.download(v, 0, 0, v.size());
            float[] out = new float[SAMPLER_VALUES * n];
            for (int i = 0; i < out.length; i++) out[i] = v.getFloat(4L * i);
            return out;
        }
    }

    /** GPU evalBsdf/pdfBsdf/sampleBsdf on {@code queries} (16 floats each); 16 result floats per query. */
    public float[] bsdf(float[] queries) {
        int n = queries.length / BSDF_FLOATS;
        try (NativeBuffer q = NativeBuffer.allocate(4L * queries.length); NativeBuffer r = NativeBuffer.allocate(4L * queries.length);
                DeviceBuffer dq = DeviceBuffer.allocate(q.size()); DeviceBuffer dr = DeviceBuffer.allocate(r.size())) {
            q.putFloats(0, queries, 0, queries.length);
            dq.upload(q, 0, 0, q.size());
            ctx.launch(bsdf, "probeBsdf", n, BLOCK, dq.param(), Pointer.to(new int[] {n}), dr.param());
            ctx.synchronize();
            dr.download(r, 0, 0, r.size());
            float[] out = new float[queries.length];
            for (int i = 0; i < out.length; i++) out[i] = r.getFloat(4L * i);
            return out;
        }
    }
}
