package dev.lucent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lucent.bvh.BvhOptions;
import dev.lucent.compile.CompileOptions;
import dev.lucent.compile.CompiledScene;
import dev.lucent.compile.SceneCompiler;
import dev.lucent.scene.Scene;
import dev.lucent.scene.SceneLoader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lucent info SCENE}: loads and compiles a scene and prints what it contains (counts, bounds,
 * features and how Lucent treats them, warnings) and what compiling it costs (BVH statistics, memory, time).
 */
@Command(name = "info", sortOptions = false,
        description = "Load and compile a scene; print its contents, BVH statistics, memory and features.")
public final class InfoCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SCENE",
            description = "Scene file: glTF (.gltf/.glb), OBJ, PLY or Lucent scene (.json).")
    Path scene;

    @Option(names = "--json", description = "Print the report as JSON instead of text.")
    boolean json;

    @Option(names = "--leaf-size", paramLabel = "N",
            description = "Largest BVH leaf, in primitives (default: ${DEFAULT-VALUE}).")
    int leafSize = BvhOptions.defaults().maxLeafSize();

    @Option(names = "--bins", paramLabel = "N", description = "SAH bins per axis (default: ${DEFAULT-VALUE}).")
    int bins = BvhOptions.defaults().bins();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (leafSize < 1) throw new ParameterException(spec.commandLine(), "--leaf-size must be at least 1");
        if (bins < 2) throw new ParameterException(spec.commandLine(), "--bins must be at least 2");
        BvhOptions bvh = new BvhOptions(leafSize, bins, BvhOptions.defaults().threads());

        Scene loaded = SceneLoader.load(InputFiles.requireReadableFile(scene));
        InfoReport report;
        try (CompiledScene compiled = SceneCompiler.compile(loaded, CompileOptions.defaults().withBvh(bvh))) {
            report = InfoReport.of(scene.toString(), loaded, CompiledSceneFacts.of(compiled), bvh);
        }
        print(report, json, spec.commandLine().getOut());
        return Main.EXIT_OK;
    }

    /** Writes the report as text, or as pretty-printed JSON whose keys are InfoReport's component names. */
    static void print(InfoReport report, boolean json, PrintWriter out) {
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            try {
                out.println(mapper.writeValueAsString(report));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
            out.flush();
        } else {
            InfoTextWriter.write(report, out);
        }
    }
}
