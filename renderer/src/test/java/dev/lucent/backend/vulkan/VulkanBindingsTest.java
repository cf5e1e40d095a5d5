package dev.lucent.backend.vulkan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.core.TestPaths;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * shaders/vulkan/lc_bindings.h and {@link VulkanBindings} state the same bindings, push-constant offsets and
 * per-pixel state layout, and the shaders index the state through those names.
 */
class VulkanBindingsTest {
    @Test
    void headerAndJavaAgree() throws IOException, IllegalAccessException {
        String header = Files.readString(TestPaths.projectRoot().resolve("shaders/vulkan/lc_bindings.h"));
        Map<String, Integer> defines = new HashMap<>();
        Matcher m = Pattern.compile("#define LC_(BINDING|PUSH|STATE)_(\\w+) (\\d+)").matcher(header);
        while (m.find()) {
            String name = (m.group(1).equals("BINDING") ? "" : m.group(1) + "_") + m.group(2);
            defines.put(name, Integer.parseInt(m.group(3)));
        }
        int checked = 0;
        for (Field f : VulkanBindings.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers())) continue;
            assertTrue(defines.containsKey(f.getName()), f.getName() + " missing from lc_bindings.h");
            assertEquals(defines.get(f.getName()).intValue(), f.getInt(null), f.getName());
            checked++;
        }
        assertEquals(defines.size(), checked, "every #define of lc_bindings.h has a Java constant");
        assertEquals(0, VulkanBindings.TLAS, "binding 0 is the TLAS, the rest storage buffers");
        assertTrue(defines.containsKey("STATE_DEPTH_HITS"), "the state layout is parsed from the header");
    }

    @Test
    void stateRecordIsTheSixtyFourByteWelfordLayout() {
        // Known answer: count, mean[3], m2[3], albedo[3], normal[3], depth, depth hits, pad; the bytes the denoiser
        // input and Film merge read.
        int[] fields = {VulkanBindings.STATE_COUNT, VulkanBindings.STATE_MEAN, VulkanBindings.STATE_M2,
                VulkanBindings.STATE_ALBEDO, VulkanBindings.STATE_NORMAL, VulkanBindings.STATE_DEPTH,
                VulkanBindings.STATE_DEPTH_HITS};
        int[] widths = {1, 3, 3, 3, 3, 1, 1};
        int next = 0;
        for (int i = 0; i < fields.length; i++) {
            assertEquals(next, fields[i], "field " + i + " follows the previous one without a gap");
            next += widths[i];
        }
        assertEquals(15, next, "one padding word");
        assertEquals(16, VulkanBindings.STATE_WORDS);
        assertEquals(64, VulkanPathTracer.PIXEL_STATE_BYTES);
        assertEquals(4, VulkanPathTracer.stateByte(VulkanBindings.STATE_MEAN));
        assertEquals(28, VulkanPathTracer.stateByte(VulkanBindings.STATE_ALBEDO));
        assertEquals(40, VulkanPathTracer.stateByte(VulkanBindings.STATE_NORMAL));
        assertEquals(56, VulkanPathTracer.stateByte(VulkanBindings.STATE_DEPTH_HITS));
    }

    @Test
    void shadersIndexTheStateThroughTheHeaderNames() throws IOException {
        // No bare word numbers inside lcState[...]: only identifiers (the LC_STATE_* names, locals), * and +.
        Pattern index = Pattern.compile("lcState\\[([^\\]]*)\\]");
        for (String file : new String[] {"raygen.rgen", "display_resolve.comp"}) {
            String source = Files.readString(TestPaths.projectRoot().resolve("shaders/vulkan/" + file));
            Matcher m = index.matcher(source);
            int uses = 0;
            while (m.find()) {
                assertFalse(m.group(1).matches(".*\\b\\d+u?\\b.*"), file + ": bare word number in " + m.group());
                uses++;
            }
            assertTrue(uses >= 3, file + " reads the state");
        }
        String resolve = Files.readString(TestPaths.projectRoot().resolve("shaders/vulkan/display_resolve.comp"));
        assertTrue(resolve.contains("#include \"lc_bindings.h\""), "display_resolve.comp includes lc_bindings.h");
    }
}
