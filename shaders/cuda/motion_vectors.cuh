/*
 * motion_vectors.cuh — dev.lucent.integrator.MotionProjector on the GPU: the screen-space motion of a camera
 * ray's first hit since the previous frame, and the hit point's camera distance in that frame (the motion and
 * previousDepth AOVs). Same rules and the same float arithmetic order as the Java class:
 *
 *   hit on instance i at world p:  o = current worldToObject(i) p, q = previous objectToWorld(i) o;
 *                                  motion = film(current camera, p) - film(previous camera, q),
 *                                  previousDepth = distance of q from the previous camera
 *   miss along unit direction d:   motion = film(current, d) - film(previous, d) (directions only),
 *                                  previousDepth = +infinity
 *   i >= previousInstanceCount, a point behind a perspective camera, or a non-finite film position:
 *                                  motion 0, previousDepth +infinity
 *
 * Film positions are pixels, x right and y down (OptiX's flow convention); cameras are LcCamera records whose
 * lens fields are ignored (the pinhole projection, the inverse of the primary-ray mapping). Included by
 * pathtrace.cu after the shading pools (P.instances holds the current frame's instances); the parameters are
 * set once per frame by the setMotion kernel there. With `enabled` 0 (the default after module load) the
 * kernels leave motion 0 and previousDepth +infinity, as PathIntegrator does without a projector.
 */
#ifndef LC_MOTION_VECTORS_CUH
#define LC_MOTION_VECTORS_CUH

struct LcMotion {
    LcCamera previous;                    /* the previous frame's selected camera */
    LcCamera current;                     /* the current frame's selected camera */
    const float4* previousObjectToWorld;  /* 3 rows (float4) per instance of the previous frame */
    int previousInstanceCount;
    int width, height;                    /* film size, pixels */
    int enabled;
};

/* Written by setMotion (one thread) before the passes of a frame; read by every path's first hit. */
__device__ LcMotion lcMotionGlobal;

/* MotionProjector.Pinhole.film: film position (pixels) of screen position (sx, sy) in [-1, 1]^2, y up. */
LC_FN bool lcMotionFilm(float sx, float sy, int width, int height, float* fx, float* fy) {
    *fx = (sx + 1.0f) * 0.5f * float(width);
    *fy = (1.0f - sy) * 0.5f * float(height);
    return isfinite(*fx) && isfinite(*fy);
}

/* Pinhole.projectDirection: film position of direction (dx, dy, dz) seen from the camera; false if it points
 * backwards. An orthographic camera maps every direction to the film centre. */
LC_FN bool lcMotionProjectDirection(const LcCamera& c, vec3 d, int width, int height, float* fx, float* fy) {
    if (c.type == LC_CAMERA_ORTHOGRAPHIC) {
        *fx = 0.5f * float(width);
        *fy = 0.5f * float(height);
        return true;
    }
    vec3 r = xyz(c.right), u = xyz(c.up), f = xyz(c.forward);
    float t = dot(d, f) / dot(f, f);
    if (!(t > 0.0f)) return false;
    return lcMotionFilm(dot(d, r) / (t * dot(r, r)), dot(d, u) / (t * dot(u, u)), width, height, fx, fy);
}

/* Pinhole.projectPoint: film position of world point q; false if it is behind a perspective camera. */
LC_FN bool lcMotionProjectPoint(const LcCamera& c, vec3 q, int width, int height, float* fx, float* fy) {
    vec3 v = q - xyz(c.position);
    if (c.type == LC_CAMERA_ORTHOGRAPHIC) {
        vec3 r = xyz(c.right), u = xyz(c.up);
        return lcMotionFilm(dot(v, r) / dot(r, r), dot(v, u) / dot(u, u), width, height, fx, fy);
    }
    return lcMotionProjectDirection(c, v, width, height, fx, fy);
}

/* Pinhole.distance: camera distance as the depth AOV measures it (from the pinhole; along forward for an
 * orthographic camera). */
LC_FN float lcMotionDistance(const LcCamera& c, vec3 q) {
    vec3 v = q - xyz(c.position);
    if (c.type == LC_CAMERA_ORTHOGRAPHIC) {
        vec3 f = xyz(c.forward);
        return fabsf(dot(v, f)) / sqrtf(dot(f, f));
    }
    return sqrtf(dot(v, v));
}

/*
 * MotionProjector.motion for the first hit at world p on `instance` (current frame), or for a miss
 * (instance < 0, p = the unit ray direction): (motion x, motion y) in pixels and the previous camera distance.
 * Not inlined (see lcSampleMotion in pathtrace.cu); results are returned by value, so no caller state has to
 * live in addressable memory.
 */
__device__ __noinline__ float3 lcFirstHitMotion(const LcMotion& m, const LcInstance* instances, int instance,
                                                vec3 p) {
    float cx = 0.0f, cy = 0.0f, px = 0.0f, py = 0.0f;
    bool ok;
    float previousDepth = LC_INFINITY;
    if (instance < 0) {
        ok = lcMotionProjectDirection(m.current, p, m.width, m.height, &cx, &cy)
             && lcMotionProjectDirection(m.previous, p, m.width, m.height, &px, &py);
    } else if (instance >= m.previousInstanceCount) {
        ok = false;
    } else {
        const LcInstance& in = instances[instance];
        float4 w0 = in.worldToObject0, w1 = in.worldToObject1, w2 = in.worldToObject2;
        vec3 o(w0.x * p.x + w0.y * p.y + w0.z * p.z + w0.w, w1.x * p.x + w1.y * p.y + w1.z * p.z + w1.w,
               w2.x * p.x + w2.y * p.y + w2.z * p.z + w2.w);
        const float4* a = m.previousObjectToWorld + 3 * instance;
        float4 a0 = a[0], a1 = a[1], a2 = a[2];
        vec3 q(a0.x * o.x + a0.y * o.y + a0.z * o.z + a0.w, a1.x * o.x + a1.y * o.y + a1.z * o.z + a1.w,
               a2.x * o.x + a2.y * o.y + a2.z * o.z + a2.w);
        ok = lcMotionProjectPoint(m.current, p, m.width, m.height, &cx, &cy)
             && lcMotionProjectPoint(m.previous, q, m.width, m.height, &px, &py);
        if (ok) previousDepth = lcMotionDistance(m.previous, q);
    }
    return make_float3(ok ? cx - px : 0.0f, ok ? cy - py : 0.0f, previousDepth);
}

#endif /* LC_MOTION_VECTORS_CUH */
