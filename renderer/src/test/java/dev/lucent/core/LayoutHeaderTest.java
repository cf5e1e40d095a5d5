package dev.lucent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Java offsets in {@link Layout} must equal the ones the shared header defines (C and std430 rules). */
class LayoutHeaderTest {
    static final Path HEADER = TestPaths.projectRoot().resolve("shaders/common/lucent_layout.h");

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase();
    }

    @Test
    void structOffsetsMatchHeader() throws Exception {
        String src = Files.readString(HEADER).replaceAll("/\\*(?s:.*?)\\*/", "");
        Matcher s = Pattern.compile("struct\\s+(\\w+)\\s*\\{([^}]*)\\};").matcher(src);
        int structs = 0;
        while (s.find()) {
            structs++;
            String name = s.group(1);
            Class<?> cls = Class.forName(Layout.class.getName() + "$" + name);
            Map<String, Integer> offsets = new LinkedHashMap<>();
            int offset = 0;
            Matcher f = Pattern.compile("(lc_\\w+)\\s+(\\w+)\\s*;").matcher(s.group(2));
            while (f.find()) {
                int size = f.group(1).equals("lc_vec4") ? 16 : 4;
                if (size == 16) assertEquals(0, offset % 16, name + "." + f.group(2) + " must be 16-aligned");
                offsets.put(f.group(2), offset);
                offset += size;
            }
            assertEquals(0, offset % 16, name + " size must be a multiple of 16");
            for (Map.Entry<String, Integer> e : offsets.entrySet()) {
                Field jf = cls.getField(snake(e.getKey()));
                assertEquals(e.getValue().intValue(), jf.getInt(null), name + "." + e.getKey());
            }
            assertEquals(offset, cls.getField("BYTES").getInt(null), name + " size");
            assertEquals(offsets.size() + 1, cls.getFields().length, name + ": Java has fields the header lacks");
        }
        assertTrue(structs >= 10, "parsed " + structs + " structs");
    }

    @Test
    void typeTagsMatchHeader() throws Exception {
        String src = Files.readString(HEADER);
        Matcher d = Pattern.compile("#define\\s+(LC_\\w+)\\s+\\(?(-?\\d+)\\)?").matcher(src);
        int n = 0;
        while (d.find()) {
            n++;
            assertEquals(Integer.parseInt(d.group(2)), Layout.class.getField(d.group(1)).getInt(null), d.group(1));
        }
        assertFalse(n == 0);
        assertNotNull(Layout.class.getField("LC_NONE"));
    }
}
