package dev.lucent.scene;

/** A material slot's use of an image: which image, which UV set, and KHR_texture_transform. */
public final class TextureRef {
    public final int image;
    public int texCoord;
    public float offsetU, offsetV;
    /** Radians, counter-clockwise in UV space, as KHR_texture_transform defines. */
    public float rotation;
    public float scaleU = 1, scaleV = 1;

    public TextureRef(int image) { this.image = image; }

    /**
     * The 2x3 matrix uv' = M (u, v, 1) that KHR_texture_transform defines (T * R * S), row-major:
     * {m00, m01, m02, m10, m11, m12}.
     */
    public float[] matrix() {
        float c = (float) Math.cos(rotation), s = (float) Math.sin(rotation);
        return new float[] {c * scaleU, s * scaleV, offsetU, -s * scaleU, c * scaleV, offsetV};
    }

    public boolean hasTransform() {
        return offsetU != 0 || offsetV != 0 || rotation != 0 || scaleU != 1 || scaleV != 1;
    }
}
