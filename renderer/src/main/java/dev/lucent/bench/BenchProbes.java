package dev.lucent.bench;

import dev.lucent.backend.BackendUnavailableException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Benchmark probes by backend name. The cpu and cuda probes are registered by {@code lucent bench}'s own
 * wiring ({@link #register}); other backends add theirs the same way. A factory checks its hardware when called
 * and throws {@link BackendUnavailableException} with a one-line reason when it cannot run here.
 */
public final class BenchProbes {
    private BenchProbes() {}

    private static final Map<String, Supplier<BenchProbe>> FACTORIES = new LinkedHashMap<>();

    /** Adds or replaces the probe of backend {@code name}. */
    public static synchronized void register(String name, Supplier<BenchProbe> factory) {
        FACTORIES.put(name.toLowerCase(Locale.ROOT), factory);
    }

    /** Names of the backends that have a probe, in registration order. */
    public static synchronized List<String> names() {
        return new ArrayList<>(FACTORIES.keySet());
    }

    /**
     * A new probe of backend {@code name}.
     *
     * @throws BackendUnavailableException naming the backends with a probe, or the factory's reason
     */
    public static BenchProbe create(String name) {
        Supplier<BenchProbe> f;
        synchronized (BenchProbes.class) {
            f = FACTORIES.get(name.toLowerCase(Locale.ROOT));
        }
        if (f == null) {
            throw new BackendUnavailableException(name + ": no benchmark (lucent bench measures "
                    + String.join(", ", names()) + ")");
        }
        return f.get();
    }
}
