package dev.lucent.denoise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lucent.core.TestPaths;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tools/fetch-optix-weights without a GPU or a network: argument handling, the driver version from a
 * /proc/driver/nvidia/version file, the header check of synthetic nvoptix.bin files (uint32 version at byte 4), and
 * the choice of package from a synthetic Packages index (Debian version order), and that every failure (missing or
 * corrupt index, a short HTTP read from a loopback server, an unreadable package, a missing unpacking tool) is one
 * line on stderr with exit status 1 or 2. Skipped where python3 is not on the PATH.
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
        return runWith("python3", null, args);
    }

    /** Runs the tool with {@code python} and, where {@code path} is not null, only that directory on the PATH. */
    private Result runWith(String python, Path path, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(python, tool.toString(), "--no-smi"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (path != null) {
            pb.environment().put("PATH", path.toString());
        }
        Process p = pb.redirectOutput(dir.resolve("out.txt").toFile())
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

    /** A failure's stderr: exactly one line, starting with the tool's name, that contains each of {@code parts}. */
    private static void assertOneLine(Result r, String... parts) {
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(err.startsWith("fetch-optix-weights: "), err);
        assertFalse(err.contains("Traceback"), err);
        for (String part : parts) {
            assertTrue(err.contains(part), "'" + part + "' in: " + err);
        }
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static String stanza(String version, String file) {
        return String.join("\n", "Package: libnvidia-gl-580", "Architecture: amd64", "Version: " + version,
                "Filename: pool/restricted/n/nvidia-graphics-drivers-580/" + file, "SHA256: 00", "", "");
    }

    @Test
    void missingIndexIsABadArgument() throws Exception {
        Path absent = dir.resolve("Packages.gz");
        Result r = run("--driver", "580", "--index", absent.toString(), "--dry-run");
        assertEquals(2, r.status(), r.err());
        assertOneLine(r, "no such file", absent.toString());
    }

    @Test
    void truncatedOrCorruptIndexIsOneLine() throws Exception {
        byte[] good = gzip(stanza("580.95.05-0ubuntu0.24.04.2", "a.deb").repeat(50));
        Path ok = Files.write(dir.resolve("ok.gz"), good);
        Result r = run("--driver", "580.95.05", "--index", ok.toString(), "--dry-run");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("exact match libnvidia-gl-580 580.95.05-0ubuntu0.24.04.2"), r.out());

        Path truncated = Files.write(dir.resolve("truncated.gz"), Arrays.copyOf(good, good.length / 2));
        r = run("--driver", "580", "--index", truncated.toString(), "--dry-run");
        assertEquals(1, r.status(), r.err());
        assertOneLine(r, truncated.toString(), "truncated gzip");

        byte[] bad = good.clone();
        for (int i = 12; i < bad.length - 8; i++) {
            bad[i] = (byte) 0xff;
        }
        Path corrupt = Files.write(dir.resolve("corrupt.gz"), bad);
        r = run("--driver", "580", "--index", corrupt.toString(), "--dry-run");
        assertEquals(1, r.status(), r.err());
        assertOneLine(r, corrupt.toString(), "corrupt gzip");
    }

    /** Ubuntu's revisions mix '.' and '~' ("0ubuntu0.24.04.2" vs "0ubuntu0~gpu24.04.1"); '~' sorts first in Debian. */
    @Test
    void versionsAreComparedTheDebianWay() throws Exception {
        Path index = dir.resolve("Packages");
        Files.writeString(index, stanza("580.95.05-0ubuntu0~gpu24.04.9", "tilde.deb")
                + stanza("580.95.05-0ubuntu0.24.04.2", "dot.deb")
                + stanza("580.95.05-0ubuntu0~gpu24.04.1", "tilde1.deb")
                + stanza("580.105.08-0ubuntu0~gpu24.04.1", "newest.deb")
                + stanza("580.82.07-0ubuntu1", "older.deb"), StandardCharsets.UTF_8);
        Result exact = run("--driver", "580.95.05", "--index", index.toString(), "--dry-run");
        assertEquals(0, exact.status(), exact.err());
        assertTrue(exact.out().contains("exact match libnvidia-gl-580 580.95.05-0ubuntu0.24.04.2 "), exact.out());
        assertTrue(exact.out().contains("/dot.deb"), exact.out());
        Result newest = run("--driver", "580.159.04", "--index", index.toString(), "--dry-run");
        assertEquals(0, newest.status(), newest.err());
        assertTrue(newest.out().contains("newest of the branch: libnvidia-gl-580 580.105.08-0ubuntu0~gpu24.04.1"),
                newest.out());
    }

    /** A loopback server that declares 1000 bytes, sends 11 and closes: the read comes up short. */
    @Test
    void shortHttpReadIsOneLine() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread serve = new Thread(() -> {
                try (Socket c = server.accept()) {
                    InputStream in = c.getInputStream();
                    byte[] request = new byte[4096];
                    in.read(request);
                    OutputStream out = c.getOutputStream();
                    out.write("HTTP/1.0 200 OK\r\nContent-Length: 1000\r\n\r\nPackage: x\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    // The tool then reports a failed download, which the assertions below also catch.
                }
            });
            serve.start();
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/Packages.gz";
            Result r = run("--driver", "580", "--index", url, "--dry-run");
            serve.join(10_000);
            assertEquals(1, r.status(), r.err());
            assertOneLine(r, url, "connection closed after 11 bytes of 1000");
        }
    }

    @Test
    void unreadablePackageIsOneLine() throws Exception {
        byte[] junk = new byte[5000];
        new Random(7).nextBytes(junk);
        Path deb = Files.write(dir.resolve("junk.deb"), junk);
        Result r = run("--driver", "580", "--deb", deb.toString(), "--output", dir.resolve("w.bin").toString());
        assertEquals(1, r.status(), r.err());
        assertOneLine(r, deb.toString());
        assertFalse(Files.exists(dir.resolve("w.bin")), "nothing written");
    }

    /** The first executable named {@code name} on this process's PATH, or null. */
    private static Path onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path f = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isExecutable(f) && !Files.isDirectory(f)) {
                return f;
            }
        }
        return null;
    }

    /** An ar archive (the .deb container) with the given members, each {@code 4} bytes of "xxxx". */
    private Path arArchive(String name, String... members) throws IOException {
        StringBuilder b = new StringBuilder("!<arch>\n");
        for (String m : members) {
            b.append(String.format("%-16s%-12s%-6s%-6s%-8s%-10s`\n", m, "0", "0", "0", "100644", "4")).append("xxxx");
        }
        return Files.writeString(dir.resolve(name), b.toString(), StandardCharsets.US_ASCII);
    }

    @Test
    void missingUnpackingToolIsNamed() throws Exception {
        String python = pythonExecutable();
        Path tar = onPath("tar");
        Path ar = onPath("ar");
        assumeTrue(tar != null && ar != null, "needs tar and ar");
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path deb = arArchive("fake.deb", "debian-binary", "control.tar.zst", "data.tar.zst");
        String out = dir.resolve("w.bin").toString();

        Result r = runWith(python, bin, "--driver", "580", "--deb", deb.toString(), "--output", out);
        assertEquals(1, r.status(), r.err());
        assertOneLine(r, deb.toString(), "tar is not installed");

        Files.createSymbolicLink(bin.resolve("tar"), tar);
        r = runWith(python, bin, "--driver", "580", "--deb", deb.toString(), "--output", out);
        assertEquals(1, r.status(), r.err());
        assertOneLine(r, deb.toString(), "neither dpkg-deb nor ar is installed");

        Files.createSymbolicLink(bin.resolve("ar"), ar);
        r = runWith(python, bin, "--driver", "580", "--deb", deb.toString(), "--output", out);
        assertEquals(1, r.status(), r.err());
        assertOneLine(r, deb.toString(), "data.tar.zst", "install dpkg-deb or zstd");
    }

    /** A .deb built by dpkg-deb holding a weights-like file: unpacked with dpkg-deb, then with only ar on the PATH. */
    @Test
    void extractsTheWeightsWithDpkgDebOrAr() throws Exception {
        Path dpkgDeb = onPath("dpkg-deb");
        Path python = Path.of(pythonExecutable());
        Path bin = Files.createDirectory(dir.resolve("bin"));
        for (String tool : List.of("tar", "ar", "gzip")) {
            Path f = onPath(tool);
            assumeTrue(f != null, "no " + tool);
            Files.createSymbolicLink(bin.resolve(tool), f);
        }
        assumeTrue(dpkgDeb != null, "no dpkg-deb to build the package");
        Path root = dir.resolve("pkg");
        Files.createDirectories(root.resolve("DEBIAN"));
        Files.createDirectories(root.resolve("usr/share/nvidia"));
        Files.writeString(root.resolve("DEBIAN/control"), "Package: libnvidia-gl-580\nVersion: 580.95.05-1\n"
                + "Architecture: amd64\nMaintainer: Lucent tests <tests@lucent.invalid>\nDescription: test package\n");
        Path source = weights("nvoptix-source.bin", 31000, 2 << 20);
        Files.move(source, root.resolve("usr/share/nvidia/nvoptix.bin"));
        Path deb = dir.resolve("libnvidia-gl-580.deb");
        Process build = new ProcessBuilder(dpkgDeb.toString(), "--root-owner-group", "-Zgzip", "--build",
                root.toString(), deb.toString()).redirectErrorStream(true).start();
        String log = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(build.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, build.exitValue(), log);
        byte[] expected = Files.readAllBytes(root.resolve("usr/share/nvidia/nvoptix.bin"));

        Path viaDpkg = dir.resolve("via-dpkg.bin");
        Result r = run("--driver", "580", "--deb", deb.toString(), "--output", viaDpkg.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains(viaDpkg + ": header version 31000 as driver branch 580 expects"), r.out());
        assertTrue(Arrays.equals(expected, Files.readAllBytes(viaDpkg)), "the package's file, byte for byte");

        Path viaAr = dir.resolve("via-ar.bin");
        r = runWith(python.toString(), bin, "--driver", "580", "--deb", deb.toString(), "--output", viaAr.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(Arrays.equals(expected, Files.readAllBytes(viaAr)), "the package's file, byte for byte");

        Files.delete(root.resolve("usr/share/nvidia/nvoptix.bin"));
        Path empty = dir.resolve("empty.deb");
        build = new ProcessBuilder(dpkgDeb.toString(), "--root-owner-group", "-Zgzip", "--build", root.toString(),
                empty.toString()).redirectErrorStream(true).start();
        build.getInputStream().readAllBytes();
        assertTrue(build.waitFor(30, TimeUnit.SECONDS));
        r = run("--driver", "580", "--deb", empty.toString(), "--output", dir.resolve("none.bin").toString());
        assertEquals(1, r.status(), r.err());
        assertOneLine(r, empty.toString(), "has no usr/share/nvidia/nvoptix.bin");
        r = runWith(python.toString(), bin, "--driver", "580", "--deb", empty.toString(), "--output",
                dir.resolve("none.bin").toString());
        assertEquals(1, r.status(), r.err());
        assertOneLine(r, empty.toString(), "has no usr/share/nvidia/nvoptix.bin");
    }

    /** The python3 interpreter's own path (python3 on the PATH may be a wrapper script that needs the PATH). */
    private static String pythonExecutable() throws Exception {
        Process which = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)").start();
        String python = new String(which.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(which.waitFor(30, TimeUnit.SECONDS));
        assumeTrue(!python.isEmpty(), "python3 does not name its executable");
        return python;
    }

    @Test
    void helpSaysTheIndexSignatureIsNotChecked() throws Exception {
        Result r = run("--help");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("Release/InRelease signature is not checked"), r.out());
        assertTrue(r.out().contains("not a tampered one"), r.out());
    }
}
