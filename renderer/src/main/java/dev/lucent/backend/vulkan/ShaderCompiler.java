package dev.lucent.backend.vulkan;

import static org.lwjgl.util.shaderc.Shaderc.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lwjgl.system.MemoryUtil;

/**
 * The ray-tracing shaders (and the viewer's display-resolve compute shader) of shaders/vulkan as SPIR-V 1.4
 * (Vulkan 1.2 target), compiled with shaderc where neither the jar nor the cache has them.
 * Sources are read from the jar (the build packs shaders/vulkan and shaders/common as resources under /shaders),
 * or from the directory the system property {@code lucent.shaders} names. {@code #include "x"} lines are resolved
 * here, from shaders/vulkan then shaders/common, each file once per stage (the headers have include guards).
 *
 * <p>Each stage's SPIR-V is named by the SHA-256 of the compiler settings, the stage and the fully included
 * source (a changed header gives a new key) and looked up, in this order: under {@code /spirv} in the jar (the build
 * compiles the shipped sources there, tools/build-spirv; skipped with the system property
 * {@code lucent.spirvBundled=false}), in the on-disk cache {@code $XDG_CACHE_HOME/lucent/spirv} (default
 * ~/.cache/lucent/spirv, or the system property {@code lucent.spirvCache}), and only then compiled and cached. So a
 * renderer running the shipped shaders never starts shaderc, which LWJGL 3.3.6 has been seen to crash (in
 * shaderc_compiler_release) in a JVM that loaded Assimp's native library before. An unwritable cache only costs the
 * compile.
 */
public final class ShaderCompiler {
    /** The pipeline's shader stages and their source files. */
    public enum Stage {
        RAYGEN("raygen.rgen", shaderc_raygen_shader),
        MISS("miss.rmiss", shaderc_miss_shader),
        SHADOW_MISS("shadow.rmiss", shaderc_miss_shader),
        CLOSEST_HIT("closesthit.rchit", shaderc_closesthit_shader),
        ANY_HIT("alpha.rahit", shaderc_anyhit_shader),
        /** The viewer's display resolve (a compute shader, {@link VulkanDisplayResolve}). */
        DISPLAY_RESOLVE("display_resolve.comp", shaderc_compute_shader);

        final String file;
        final int kind;

        Stage(String file, int kind) {
            this.file = file;
            this.kind = kind;
        }
    }

    private static final String SETTINGS = "shaderc lwjgl 3.3.6, vulkan 1.2, spirv 1.4, no optimisation";
    private static final Pattern INCLUDE = Pattern.compile("^\\s*#\\s*include\\s+\"([^\"]+)\"\\s*$",
            Pattern.MULTILINE);

    private ShaderCompiler() {}

    /** Compiles every stage into the cache (-Dlucent.spirvCache), e.g. to ship precompiled SPIR-V; prints the files. */
    public static void main(String[] args) {
        compileAll();
        System.out.println("SPIR-V cache: " + cacheDirectory());
    }

    /** SPIR-V words (as bytes) of every stage, from the cache or freshly compiled. */
    public static Map<Stage, byte[]> compileAll() {
        Map<Stage, byte[]> out = new EnumMap<>(Stage.class);
        long compiler = 0;
        try {
            for (Stage s : Stage.values()) {
                String source = expand(s.file, new HashSet<>());
                String key = sha256(SETTINGS + "\n" + s.name() + "\n" + source);
                byte[] spv = BUNDLED ? readBundled(key) : null;
                if (spv == null) spv = readCache(key);
                if (spv == null) {
                    if (compiler == 0) {
                        compiler = shaderc_compiler_initialize();
                        if (compiler == 0) throw new VulkanUnavailableException("shaderc failed to initialise");
                    }
                    spv = compile(compiler, s, source);
                    writeCache(key, spv);
                }
                out.put(s, spv);
            }
        } finally {
            if (compiler != 0) shaderc_compiler_release(compiler);
        }
        return out;
    }

    private static byte[] compile(long compiler, Stage stage, String source) {
        long options = shaderc_compile_options_initialize();
        try {
            shaderc_compile_options_set_target_env(options, shaderc_target_env_vulkan, shaderc_env_version_vulkan_1_2);
            shaderc_compile_options_set_target_spirv(options, shaderc_spirv_version_1_4);
            // No shaderc optimisation: with shaderc_optimization_level_performance the LWJGL 3.3.6 build corrupts
            // the heap on raygen.rgen (the JVM crashed in shaderc_compile_options_release). The driver's compiler
            // optimises the SPIR-V anyway.
            // Heap copies: the included source is far larger than LWJGL's 64 KiB MemoryStack.
            ByteBuffer src = MemoryUtil.memUTF8(source, false);
            ByteBuffer name = MemoryUtil.memUTF8(stage.file, true);
            ByteBuffer entry = MemoryUtil.memUTF8("main", true);
            long result;
            try {
                result = shaderc_compile_into_spv(compiler, src, stage.kind, name, entry, options);
            } finally {
                MemoryUtil.memFree(src);
                MemoryUtil.memFree(name);
                MemoryUtil.memFree(entry);
            }
            try {
                if (result == 0) throw new IllegalStateException("shaderc returned no result for " + stage.file);
                if (shaderc_result_get_compilation_status(result) != shaderc_compilation_status_success) {
                    throw new IllegalStateException("shaders/vulkan/" + stage.file + " does not compile: "
                            + shaderc_result_get_error_message(result));
                }
                ByteBuffer bytes = shaderc_result_get_bytes(result);
                byte[] spv = new byte[bytes.remaining()];
                bytes.get(spv);
                return spv;
            } finally {
                if (result != 0) shaderc_result_release(result);
            }
        } finally {
            shaderc_compile_options_release(options);
        }
    }

    /**
     * The value lists of lc_ggx_albedo.h (67k float literals, 1.2 MB of source): the Vulkan shaders read the tables
     * from a buffer (LC_GGX_ALBEDO over binding LC_BINDING_GGX_ALBEDO), so the lists are left empty; shaderc
     * (LWJGL 3.3.6) crashed in shaderc_compiler_release after compiling the stages with them in.
     */
    private static final Pattern GGX_VALUE_LIST = Pattern.compile("#define LC_GGX_\\w+_VALUES");

    /** {@code text} with the continuation lines of each LC_GGX_*_VALUES define removed (the define stays, empty). */
    static String withoutGgxValueLists(String text) {
        StringBuilder sb = new StringBuilder(text.length() / 8);
        boolean skipping = false;
        for (String line : text.split("\\R", -1)) {
            String t = line.strip();
            if (skipping) {
                skipping = t.endsWith("\\");
                continue;
            }
            if (GGX_VALUE_LIST.matcher(t).lookingAt() && t.endsWith("\\")) {
                sb.append(t, 0, t.length() - 1).append('\n');
                skipping = true;
                continue;
            }
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    /** The source of {@code file} with its #include lines replaced by the included files (each once). */
    static String expand(String file, Set<String> seen) {
        if (!seen.add(file)) return "";
        String text = read(file);
        if (file.equals("lc_ggx_albedo.h")) text = withoutGgxValueLists(text);
        Matcher m = INCLUDE.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) m.appendReplacement(sb, Matcher.quoteReplacement(expand(m.group(1), seen)));
        m.appendTail(sb);
        return sb.toString();
    }

    private static String read(String file) {
        String dir = System.getProperty("lucent.shaders");
        for (String sub : new String[] {"vulkan", "common"}) {
            if (dir != null) {
                Path p = Path.of(dir, sub, file);
                if (Files.isRegularFile(p)) {
                    try {
                        return Files.readString(p);
                    } catch (IOException e) {
                        throw new IllegalStateException("cannot read " + p + ": " + e.getMessage(), e);
                    }
                }
                continue;
            }
            try (InputStream in = ShaderCompiler.class.getResourceAsStream("/shaders/" + sub + "/" + file)) {
                if (in != null) return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read shader " + file + ": " + e.getMessage(), e);
            }
        }
        throw new VulkanUnavailableException("shader source " + file + " not found (neither in the jar under "
                + "/shaders nor under -Dlucent.shaders" + (dir == null ? "" : "=" + dir) + ")");
    }

    /** The SPIR-V cache directory. */
    public static Path cacheDirectory() {
        String p = System.getProperty("lucent.spirvCache");
        if (p != null && !p.isBlank()) return Path.of(p);
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("lucent").resolve("spirv");
    }

    /** False with {@code -Dlucent.spirvBundled=false}: the SPIR-V in the jar is ignored (tools/build-spirv sets it). */
    private static final boolean BUNDLED = !"false".equals(System.getProperty("lucent.spirvBundled"));

    /** The SPIR-V the build put in the jar under /spirv for {@code key}, or null. */
    static byte[] readBundled(String key) {
        try (InputStream in = ShaderCompiler.class.getResourceAsStream("/spirv/" + key + ".spv")) {
            return in == null ? null : spirvOrNull(in.readAllBytes());
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] readCache(String key) {
        try {
            return spirvOrNull(Files.readAllBytes(cacheDirectory().resolve(key + ".spv")));
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code b} when it looks like a SPIR-V module (the magic number 0x07230203, little-endian), else null. */
    private static byte[] spirvOrNull(byte[] b) {
        boolean spirv = b.length >= 20 && b.length % 4 == 0 && (b[0] & 0xff) == 0x03 && (b[1] & 0xff) == 0x02
                && (b[2] & 0xff) == 0x23 && (b[3] & 0xff) == 0x07;
        return spirv ? b : null;
    }

    private static void writeCache(String key, byte[] spv) {
        Path dir = cacheDirectory();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, key, ".tmp");
            Files.write(tmp, spv);
            Files.move(tmp, dir.resolve(key + ".spv"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // the cache is an optimisation: a read-only home directory just means compiling every start
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
