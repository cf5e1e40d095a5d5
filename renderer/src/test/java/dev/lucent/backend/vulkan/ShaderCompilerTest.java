package dev.lucent.backend.vulkan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GLSL of shaders/vulkan (with the shared headers of shaders/common) compiles with shaderc on any machine, no
 * GPU needed; SPIR-V is cached on disk by content and a damaged cache entry is recompiled.
 */
class ShaderCompilerTest {
    @Test
    void everyStageCompilesAndIsCached(@TempDir Path cache) throws IOException {
        String old = System.getProperty("lucent.spirvCache");
        System.setProperty("lucent.spirvCache", cache.toString());
        try {
            Map<ShaderCompiler.Stage, byte[]> first = ShaderCompiler.compileAll();
            assertEquals(ShaderCompiler.Stage.values().length, first.size());
            for (byte[] spv : first.values()) {
                assertTrue(spv.length > 100 && spv.length % 4 == 0, "SPIR-V words");
                assertEquals(0x03, spv[0] & 0xff, "SPIR-V magic (little-endian 0x07230203)");
                assertEquals(0x07, spv[3] & 0xff);
            }
            List<Path> files;
            try (Stream<Path> s = Files.list(cache)) {
                files = s.toList();
            }
            assertEquals(ShaderCompiler.Stage.values().length, files.size(), "one cache file per stage");
            Files.write(files.get(0), new byte[] {1, 2, 3, 4}); // damaged: not SPIR-V
            Map<ShaderCompiler.Stage, byte[]> second = ShaderCompiler.compileAll();
            for (ShaderCompiler.Stage s : ShaderCompiler.Stage.values()) assertArrayEquals(first.get(s), second.get(s));
            assertTrue(Files.size(files.get(0)) > 100, "damaged entry rewritten");
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
