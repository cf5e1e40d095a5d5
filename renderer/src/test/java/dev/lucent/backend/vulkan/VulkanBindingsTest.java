package dev.lucent.backend.vulkan;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** shaders/vulkan/lc_bindings.h and {@link VulkanBindings} state the same bindings and push-constant offsets. */
class VulkanBindingsTest {
    @Test
    void headerAndJavaAgree() throws IOException, IllegalAccessException {
        String header = Files.readString(TestPaths.projectRoot().resolve("shaders/vulkan/lc_bindings.h"));
        Map<String, Integer> defines = new HashMap<>();
        Matcher m = Pattern.compile("#define LC_(BINDING|PUSH)_(\\w+) (\\d+)").matcher(header);
        while (m.find()) {
            String name = (m.group(1).equals("PUSH") ? "PUSH_" : "") + m.group(2);
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
    }
}
