package dev.lucent.core;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Where tests find the project tree and the shared scenes beside the checkout (set by Surefire). */
public final class TestPaths {
    private TestPaths() {}

    public static Path projectRoot() {
        return Path.of(System.getProperty("lucent.projectRoot", "..")).toAbsolutePath().normalize();
    }

    /** ../shared/scenes beside the checkout; tests that need it are skipped, with the reason, if absent. */
    public static Path sharedScenes() {
        Path p = Path.of(System.getProperty("lucent.sharedScenes", "../../shared/scenes")).toAbsolutePath()
                .normalize();
        Assumptions.assumeTrue(Files.isDirectory(p), "shared scenes not found at " + p);
        return p;
    }
}
