package dev.lucent.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** One in-process run of a command line with captured output and error streams. */
record CliRun(int exitCode, String out, String err) {

    static CliRun lucent(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Runs {@code lucent render SCENE ARGS...}. */
    static CliRun render(Path scene, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "render";
        all[1] = scene.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return lucent(all);
    }

    /** Runs {@code command} as a subcommand of lucent, with lucent's failure reporting. */
    static CliRun withCommand(Object command, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cmd = new CommandLine(new Main());
        cmd.addSubcommand(command);
        Main.configure(cmd, new PrintWriter(out), new PrintWriter(err));
        int code = Main.execute(cmd, args);
        return new CliRun(code, out.toString(), err.toString());
    }

    List<String> errLines() {
        return err.isEmpty() ? List.of() : Arrays.asList(err.split("\\R"));
    }
}
