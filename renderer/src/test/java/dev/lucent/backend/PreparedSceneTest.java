package dev.lucent.backend;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.image.BoxFilter;
import dev.lucent.scene.Scene;
import org.junit.jupiter.api.Test;

/** The prepare bookkeeping of the GPU backends: new scene or options rebuild, a repeated prepare is a batch frame. */
class PreparedSceneTest {
    @Test
    void repeatedPrepareOfTheSameSceneIsABatchFrame() {
        Scene scene = AgreementFixture.projectScene("cornell-box.json");
        RenderOptions options = new RenderOptions(4, 0, 1, 0, new BoxFilter());
        PreparedScene p = new PreparedScene();
        assertThrows(IllegalStateException.class, p::scene);
        assertNull(p.options());
        try (CompiledScene a = SceneCompiler.compile(scene, CompileOptions.fromSettings(scene.settings).withSize(8, 8));
                CompiledScene b = SceneCompiler.compile(scene, CompileOptions.fromSettings(scene.settings).withSize(8, 8))) {
            assertTrue(p.prepare(a, options, false), "first prepare: build a tracer");
            assertSame(a, p.scene());
            assertSame(options, p.options());
            assertTrue(p.prepare(a, options, false), "no tracer yet: nothing to keep");
            assertFalse(p.takeInstancesChanged());
            assertFalse(p.prepare(a, new RenderOptions(4, 0, 1, 0, options.filter()), true), "equal options: batch frame");
            assertTrue(p.takeInstancesChanged());
            assertFalse(p.takeInstancesChanged(), "taken once");
            assertTrue(p.prepare(a, new RenderOptions(5, 0, 1, 0, options.filter()), true), "other options: rebuild");
            assertTrue(p.prepare(b, p.options(), true), "another scene object: rebuild");
            assertSame(b, p.scene());
            assertFalse(p.takeInstancesChanged());
        }
    }
}
