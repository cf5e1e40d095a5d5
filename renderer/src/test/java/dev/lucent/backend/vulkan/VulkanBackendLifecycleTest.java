package dev.lucent.backend.vulkan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.backend.AgreementFixture;
import dev.lucent.backend.RenderOptions;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.core.TestPaths;
import dev.lucent.image.BoxFilter;
import dev.lucent.image.Film;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Resource ownership: a backend can be created, used and closed twice in one JVM (the second instance and device
 * start from nothing and render the same image), closing twice is harmless, and no context stays open afterwards.
 */
class VulkanBackendLifecycleTest {
    @BeforeEach
    void device() {
        VulkanTestDevice.assumeAvailable();
    }

    private static Film render(CompiledScene cs) {
        Film f = new Film(16, 16);
        VulkanBackend b = new VulkanBackend(false);
        try {
            b.prepare(cs, new RenderOptions(3, 0, 5, 0, new BoxFilter()));
            b.render(f, 0, 2, null);
            assertEquals(1, VulkanContext.openCount(), "one open context while rendering");
        } finally {
            b.close();
        }
        b.close(); // idempotent
        return f;
    }

    @Test
    void createRenderCloseTwice() {
        Scene scene = SceneLoader.load(TestPaths.projectRoot().resolve("scenes").resolve("cornell-box.json"));
        int before = VulkanContext.openCount();
        try (CompiledScene cs = SceneCompiler.compile(scene, CompileOptions.fromSettings(scene.settings).withSize(16, 16))) {
            Film first = render(cs);
            assertEquals(before, VulkanContext.openCount(), "closed backend leaves no open context");
            Film second = render(cs);
            assertEquals(before, VulkanContext.openCount());
            double sum = 0;
            for (int p = 0; p < 256; p++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(first.mean(p, c), second.mean(p, c), 0, "pixel " + p);
                    sum += first.mean(p, c);
                }
            }
            assertTrue(sum > 0, "the Cornell box is not black");
        }
    }

    /**
     * Batch frames that move instances: after each of {@code REBUILD_EVERY + 1} moves (refits, then one rebuild)
     * the Vulkan image agrees with the CPU's image of the moved scene.
     */
    @Test
    void movedInstancesRenderLikeTheCpu() {
        Scene scene = SceneLoader.load(TestPaths.projectRoot().resolve("scenes").resolve("cornell-box.json"));
        RenderOptions options = new RenderOptions(4, 0, 9, 0, new BoxFilter());
        int size = 24;
        try (CompiledScene cs = SceneCompiler.compile(scene, CompileOptions.fromSettings(scene.settings).withSize(size, size));
                VulkanBackend vk = new VulkanBackend(false);
                dev.lucent.backend.cpu.CpuBackend cpu = new dev.lucent.backend.cpu.CpuBackend()) {
            vk.prepare(cs, options);
            Film before = new Film(size, size);
            vk.render(before, 0, 16, null);
            Film last = null;
            for (int frame = 1; frame <= VulkanAccelerationStructures.REBUILD_EVERY + 1; frame++) {
                // The short box (instance 0's node) slides along +x by 2 cm per frame.
                scene.nodes.get(cs.instanceNode(0)).translation.add(0.02f, 0, 0);
                cs.updateInstances(scene, 0f);
                vk.prepare(cs, options);
                Film a = new Film(size, size), b = new Film(size, size);
                vk.render(a, 0, 16, null);
                assertEquals(frame < VulkanAccelerationStructures.REBUILD_EVERY + 1,
                        vk.tracer().accelerationStructures().lastTlasRefit(), "frame " + frame);
                if (frame == 1 || frame == VulkanAccelerationStructures.REBUILD_EVERY
                        || frame == VulkanAccelerationStructures.REBUILD_EVERY + 1) {
                    cpu.prepare(cs, options);
                    cpu.render(b, 0, 16, null);
                    AgreementFixture.assertAgree("frame " + frame, b, a);
                }
                last = a;
            }
            int changed = 0;
            for (int p = 0; p < size * size; p++) {
                if (Math.abs(last.mean(p, 0) - before.mean(p, 0)) > 0.05) changed++;
            }
            assertTrue(changed >= 5, "the box moved 18 cm: the image must change, " + changed + " pixels did");
        }
    }

    @Test
    void instanceUpdateRebuildsTheTlasAndKeepsRendering() {
        Scene scene = SceneLoader.load(TestPaths.projectRoot().resolve("scenes").resolve("cornell-box.json"));
        RenderOptions options = new RenderOptions(3, 0, 5, 0, new BoxFilter());
        try (CompiledScene cs = SceneCompiler.compile(scene, CompileOptions.fromSettings(scene.settings).withSize(16, 16));
                VulkanBackend b = new VulkanBackend(false)) {
            Film a = new Film(16, 16), c = new Film(16, 16);
            b.prepare(cs, options);
            b.render(a, 0, 2, null);
            cs.updateInstances(scene, 0f); // same time: the same instances, a batch frame's path through prepare
            b.prepare(cs, options);
            b.render(c, 0, 2, null);
            for (int p = 0; p < 256; p++) assertEquals(a.mean(p, 1), c.mean(p, 1), 0, "pixel " + p);
        }
    }
}
