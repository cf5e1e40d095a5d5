package dev.lucent.denoise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lucent.core.TestPaths;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tools/fetch-optix-weights without a GPU or a network: argument handling, the driver version from a
 * /proc/driver/nvidia/version file, the header check of synthetic nvoptix.bin files (uint32 version at byte 4), and
 * the choice of package from a synthetic Packages index. Skipped where python3 is not on the PATH.
 */
class FetchOptixWeightsToolTest {
    private static Path tool;

    @TempDir
    Path dir;

    @BeforeAll
    static void findTool() {
        tool = TestPaths.projectRoot().resolve("tools/fetch-optix-weights");
        assumeTrue(Files.isRegularFile(tool), "no " + tool);
        boolean python;
        try {
            python = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            python = false;
        }
        assumeTrue(python, "python3 is not on the PATH");
    }

    record Result(int status, String out, String err) {}

    /** Runs the tool with nvidia-smi ignored and the given arguments. */
    private Result run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("python3", tool.toString(), "--no-smi"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the tool finished");
        return new Result(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    /** A weights-like file: 8-byte header (a magic, then the version) and {@code bytes} in all (sparse). */
    private Path weights(String name, int version, long bytes) throws IOException {
        Path f = dir.resolve(name);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0x0007da7a).putInt(version).array());
            raf.setLength(bytes);
        }
        return f;
    }

    @Test
    void headerOfTheDriversBranchPasses() throws Exception {
        Result r = run("--check", weights("ok.bin", 31000, 2 << 20).toString(), "--driver", "580.159.04");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("header version 31000 as driver branch 580 expects"), r.out());
    }

    @Test
    void headerOfAnotherBranchIsRefused() throws Exception {
        Result r = run("--check", weights("old.bin", 20000, 2 << 20).toString(), "--driver", "580");
        assertEquals(1, r.status(), r.out());
        assertTrue(r.err().contains("header version 20000 but driver branch 580 expects 31000"), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }

    @Test
    void truncatedFileIsRefused() throws Exception {
        Result r = run("--check", weights("short.bin", 31000, 4096).toString(), "--driver", "580");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("too small"), r.err());
        Files.write(dir.resolve("tiny.bin"), new byte[] {1, 2, 3});
        r = run("--check", dir.resolve("tiny.bin").toString(), "--driver", "580");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("not an nvoptix.bin"), r.err());
    }

    @Test
    void driverVersionComesFromTheVersionFileOrMustBeGiven() throws Exception {
        Path proc = dir.resolve("version");
        Files.writeString(proc, "NVRM version: NVIDIA UNIX x86_64 Kernel Module  580.159.04  Tue Jul 29 2025\n"
                + "GCC version:  gcc version 13.3.0\n");
        Path ok = weights("ok.bin", 31000, 2 << 20);
        Result r = run("--version-file", proc.toString(), "--check", ok.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("driver branch 580"), r.out());
        r = run("--version-file", dir.resolve("absent").toString(), "--check", ok.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("pass --driver VERSION"), r.err());
        r = run("--driver", "latest", "--check", ok.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--driver must look like 580 or 580.159.04"), r.err());
        r = run("--driver", "580", "--check", dir.resolve("absent.bin").toString());
        assertEquals(2, r.status());
        r = run("--driver", "580", "--deb", dir.resolve("absent.deb").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("no such file"), r.err());
        r = run("--no-such-option");
        assertEquals(2, r.status());
    }

    @Test
    void packageIsTheExactDriverVersionElseTheNewestOfItsBranch() throws Exception {
        Path index = dir.resolve("Packages");
        Files.writeString(index, String.join("\n",
                "Package: libnvidia-gl-570", "Architecture: amd64", "Version: 570.195.03-0ubuntu0.24.04.1",
                "Filename: pool/restricted/n/nvidia-graphics-drivers-570/libnvidia-gl-570_570.195.03_amd64.deb",
                "SHA256: 00", "",
                "Package: libnvidia-gl-580", "Architecture: amd64", "Version: 580.95.05-0ubuntu0.24.04.2",
                "Description: NVIDIA OpenGL/GLX/EGL/GLES GLVND libraries",
                " and Vulkan ICD",
                "Filename: pool/restricted/n/nvidia-graphics-drivers-580/libnvidia-gl-580_580.95.05_amd64.deb",
                "SHA256: 11", "",
                "Package: libnvidia-gl-580", "Architecture: amd64", "Version: 580.178.04-0ubuntu0.24.04.1",
                "Filename: pool/restricted/n/nvidia-graphics-drivers-580/libnvidia-gl-580_580.178.04_amd64.deb",
                "SHA256: 22", ""), StandardCharsets.UTF_8);
        Result exact = run("--driver", "580.95.05", "--index", index.toString(), "--dry-run");
        assertEquals(0, exact.status(), exact.err());
        assertTrue(exact.out().contains("exact match libnvidia-gl-580 580.95.05-0ubuntu0.24.04.2"), exact.out());
        assertTrue(exact.out().contains("http://archive.ubuntu.com/ubuntu/pool/restricted/n/nvidia-graphics-drivers-580/"
                + "libnvidia-gl-580_580.95.05_amd64.deb"), exact.out());
        Result newest = run("--driver", "580.159.04", "--index", index.toString(), "--dry-run");
        assertEquals(0, newest.status(), newest.err());
        assertTrue(newest.out().contains("newest of the branch: libnvidia-gl-580 580.178.04"), newest.out());
        Result none = run("--driver", "590.44.01", "--index", index.toString(), "--dry-run");
        assertEquals(1, none.status(), none.out());
        assertTrue(none.err().contains("no libnvidia-gl-590 package"), none.err());
    }
}
