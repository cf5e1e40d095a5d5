package dev.lucent.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.core.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CUDA per-pixel accumulation record is defined once, in shaders/cuda/pixel_state.cuh: CudaPathTracer's byte
 * offsets must match the struct there, and no kernel may declare its own copy (viewer_display.cu once did, and
 * kept reading 64-byte records after the struct grew to 96 bytes).
 */
class PixelStateHeaderTest {
    private static final Path CUDA = TestPaths.projectRoot().resolve("shaders/cuda");

    /** Field name to byte offset, from the struct's declarations (every field is a 4-byte int or float). */
    static Map<String, Integer> offsets(String source) {
        Matcher body = Pattern.compile("struct LcPixelState \\{(.*?)\\};", Pattern.DOTALL).matcher(source);
        assertTrue(body.find(), "struct LcPixelState in pixel_state.cuh");
        Map<String, Integer> out = new LinkedHashMap<>();
        Matcher field = Pattern.compile("(int|float)\\s+(\\w+)(?:\\[(\\d+)])?;").matcher(body.group(1));
        int offset = 0;
        while (field.find()) {
            out.put(field.group(2), offset);
            offset += 4 * (field.group(3) == null ? 1 : Integer.parseInt(field.group(3)));
        }
        out.put("<size>", offset);
        return out;
    }

    @Test
    void javaOffsetsMatchTheHeader() throws IOException {
        Map<String, Integer> o = offsets(Files.readString(CUDA.resolve("pixel_state.cuh")));
        assertEquals(CudaPathTracer.PIXEL_STATE_BYTES, o.get("<size>"));
        assertEquals(CudaPathTracer.STATE_COUNT, o.get("count"));
        assertEquals(CudaPathTracer.STATE_MEAN, o.get("mean"));
        assertEquals(CudaPathTracer.STATE_M2, o.get("m2"));
        assertEquals(CudaPathTracer.STATE_ALBEDO, o.get("albedo"));
        assertEquals(CudaPathTracer.STATE_NORMAL, o.get("normal"));
        assertEquals(CudaPathTracer.STATE_DEPTH, o.get("depth"));
        assertEquals(CudaPathTracer.STATE_DEPTH_HITS, o.get("depthHits"));
        assertEquals(CudaPathTracer.STATE_PREVIOUS_DEPTH, o.get("previousDepth"));
        assertEquals(CudaPathTracer.STATE_EMISSION, o.get("emission"));
        assertEquals(CudaPathTracer.STATE_MOTION, o.get("motion"));
    }

    @Test
    void everyKernelThatReadsTheRecordIncludesTheOneDefinition() throws IOException {
        List<Path> sources;
        try (Stream<Path> s = Files.list(CUDA)) {
            sources = s.filter(p -> p.toString().endsWith(".cu") || p.toString().endsWith(".cuh")).sorted().toList();
        }
        for (Path p : sources) {
            String text = Files.readString(p);
            String name = p.getFileName().toString();
            if (name.equals("pixel_state.cuh")) continue;
            assertTrue(!Pattern.compile("struct\\s+LcPixelState\\w*\\s*\\{").matcher(text).find(),
                    name + " declares its own pixel-state struct; include pixel_state.cuh instead");
            if (text.contains("LcPixelState") && name.endsWith(".cu") && !name.equals("wavefront.cu")) {
                assertTrue(text.contains("#include \"pixel_state.cuh\""), name + " uses LcPixelState: include pixel_state.cuh");
            }
        }
    }
}
