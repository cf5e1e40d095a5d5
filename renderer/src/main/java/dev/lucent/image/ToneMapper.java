package dev.lucent.image;

import java.util.List;
import java.util.Locale;

/**
 * A tone curve: maps scene-referred linear Rec.709 RGB (exposure already applied, every component finite and
 * non-negative) to display-referred linear Rec.709 in [0,1]. The sRGB OETF and quantisation come after, in
 * {@link DisplayTransform}. Implementations are stateless and thread-safe.
 */
public interface ToneMapper {
    /** The name used by the CLI, scene files and {@link #named}. */
    String name();

    /** Maps {@code rgb[offset..offset+2]} in place. */
    void map(float[] rgb, int offset);

    /** Names accepted by {@link #named}, default first. */
    static List<String> names() {
        return List.of(NeutralToneMapper.NAME, AcesToneMapper.NAME, AgxToneMapper.NAME, ClampToneMapper.NAME);
    }

    /** The tone mapper called {@code name} (case-insensitive); IllegalArgumentException listing the names if none. */
    static ToneMapper named(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case NeutralToneMapper.NAME: return new NeutralToneMapper();
            case AcesToneMapper.NAME: return new AcesToneMapper();
            case AgxToneMapper.NAME: return new AgxToneMapper();
            case ClampToneMapper.NAME: return new ClampToneMapper();
            default:
                throw new IllegalArgumentException("unknown tone mapper '" + name + "'; known: "
                        + String.join(", ", names()));
        }
    }
}
