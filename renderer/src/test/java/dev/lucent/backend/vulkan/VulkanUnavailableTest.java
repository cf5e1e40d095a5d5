package dev.lucent.backend.vulkan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.core.TestPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without a Vulkan driver, `lucent render --backend vulkan` fails with one line naming the backend and the reason,
 * and no stack trace. Runs lucent in a child JVM whose loader is pointed at a driver manifest that does not exist
 * (or that has no loader at all).
 */
class VulkanUnavailableTest {
    @Test
    void noDriverGivesOneLine(@TempDir Path dir) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dlucent.projectRoot=" + TestPaths.projectRoot(), "dev.lucent.cli.Main", "render",
                TestPaths.projectRoot().resolve("scenes").resolve("cornell-box.json").toString(), "--backend", "vulkan",
                "--width", "8", "--height", "8", "--spp", "1", "-o", dir.resolve("x.png").toString());
        pb.environment().put("VK_DRIVER_FILES", dir.resolve("no-such-icd.json").toString());
        pb.environment().put("VK_ICD_FILENAMES", dir.resolve("no-such-icd.json").toString());
        pb.redirectErrorStream(false);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        assertNotEquals(0, code, "must fail; stdout: " + out);
        List<String> lines = Arrays.stream(err.split("\\R")).filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "one line on stderr, got:\n" + err);
        assertTrue(lines.get(0).contains("vulkan: not available: "), lines.get(0));
        assertTrue(lines.get(0).contains("no Vulkan"), "names what is missing: " + lines.get(0));
        assertFalse(err.contains("\tat "), "no stack trace");
    }
}
