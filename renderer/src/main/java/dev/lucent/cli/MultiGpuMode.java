package dev.lucent.cli;

import java.util.Locale;

/**
 * How {@code lucent render --frames} uses several devices ({@code --multi-gpu}): SPLIT cuts every frame over all
 * devices (bands of rows, {@link dev.lucent.backend.cuda.CudaRenderer}); FRAMES gives each device whole frames
 * of its own; AUTO chooses FRAMES when the sequence has at least as many frames left to render as there are
 * devices (on two H200s whole frames per device measured 3-18% faster than split frames, docs/benchmarks.md)
 * and SPLIT otherwise, so a short sequence still uses every device on each frame.
 */
enum MultiGpuMode {
    AUTO, FRAMES, SPLIT;

    /** The mode called {@code name} (auto, frames, split; case-insensitive). */
    static MultiGpuMode parse(String name) {
        for (MultiGpuMode m : values()) {
            if (m.name().equalsIgnoreCase(name.trim())) return m;
        }
        throw new IllegalArgumentException("'" + name + "' is not a mode (auto, frames, split)");
    }

    /**
     * Devices that render whole frames of their own for a sequence of {@code remainingFrames} frames on a
     * backend of {@code devices} devices, or 0 to split each frame over all devices. FRAMES uses every device
     * but never more slots than frames (one device included, so the path can be checked on one GPU); AUTO needs
     * at least two devices and at least as many frames as devices.
     */
    int frameSlots(int devices, int remainingFrames) {
        if (devices < 1) throw new IllegalArgumentException("devices " + devices);
        return switch (this) {
            case SPLIT -> 0;
            case FRAMES -> Math.max(1, Math.min(devices, remainingFrames));
            case AUTO -> devices >= 2 && remainingFrames >= devices ? devices : 0;
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
