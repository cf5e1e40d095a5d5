package dev.lucent.backend.vulkan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GLSL of shaders/vulkan (with the shared headers of shaders/common) compiles with shaderc on any machine, no
 * GPU needed; SPIR-V is cached on disk by content, a damaged cache entry is recompiled, and the build ships every
 * stage precompiled in the jar.
 */
class ShaderCompilerTest {
    /**
     * Runs ShaderCompiler's main in a JVM of its own with the jar's SPIR-V ignored, so shaderc compiles every
     * stage into {@code cache}: shaderc runs in a fresh process, as at build time (tools/build-spirv), not in this
     * test JVM where other tests have loaded Assimp's native library (LWJGL 3.3.6's shaderc crashed in
     * shaderc_compiler_release there). Returns the cache's files by name.
     */
    private static Map<String, byte[]> compileInChildJvm(Path cache) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Dlucent.spirvCache=" + cache, "-Dlucent.spirvBundled=false",
                "-cp", System.getProperty("java.class.path"), ShaderCompiler.class.getName())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "ShaderCompiler in its own JVM: " + log);
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.list(cache)) {
            for (Path f : s.toList()) files.put(f.getFileName().toString(), Files.readAllBytes(f));
        }
        return files;
    }

    @Test
    void everyStageCompilesAndIsCached(@TempDir Path cache) throws Exception {
        Map<String, byte[]> first = compileInChildJvm(cache);
        assertEquals(ShaderCompiler.Stage.values().length, first.size(), "one cache file per stage");
        for (byte[] spv : first.values()) {
            assertTrue(spv.length > 100 && spv.length % 4 == 0, "SPIR-V words");
            assertEquals(0x03, spv[0] & 0xff, "SPIR-V magic (little-endian 0x07230203)");
            assertEquals(0x07, spv[3] & 0xff);
        }
        String damagedName = first.keySet().iterator().next();
        Path damaged = cache.resolve(damagedName);
        Files.write(damaged, new byte[] {1, 2, 3, 4}); // damaged: not SPIR-V
        Map<String, byte[]> second = compileInChildJvm(cache);
        assertEquals(first.keySet(), second.keySet());
        for (String name : first.keySet()) assertArrayEquals(first.get(name), second.get(name), name);
        assertTrue(Files.size(damaged) > 100, "damaged entry rewritten");
    }

    /** The build compiled every stage into the jar (/spirv): with an empty cache nothing is compiled or written. */
    @Test
    void theJarCarriesEveryStageAsSpirv(@TempDir Path cache) throws IOException {
        String old = System.getProperty("lucent.spirvCache");
        System.setProperty("lucent.spirvCache", cache.toString());
        try {
            Map<ShaderCompiler.Stage, byte[]> all = ShaderCompiler.compileAll();
            assertEquals(ShaderCompiler.Stage.values().length, all.size());
            try (Stream<Path> s = Files.list(cache)) {
                assertEquals(0, s.count(), "nothing compiled: every stage came from the jar");
            }
        } finally {
            if (old == null) System.clearProperty("lucent.spirvCache");
            else System.setProperty("lucent.spirvCache", old);
        }
    }

    @Test
    void includesAreResolvedOnceEach() {
        String src = ShaderCompiler.expand("raygen.rgen", new HashSet<>());
        assertFalse(src.lines().anyMatch(l -> l.strip().startsWith("#include")), "every #include resolved");
        assertEquals(src.indexOf("struct LcMaterial {"), src.lastIndexOf("struct LcMaterial {"), "layout once");
        assertTrue(src.startsWith("#version 460"), "#version stays the first line");
        assertTrue(src.contains("#define LC_GGX_ALBEDO_COUNT"), "the GGX table layout stays");
        assertTrue(src.length() < 200_000, "the GGX value lists are left out: " + src.length() + " chars");
    }
}
