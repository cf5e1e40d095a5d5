package dev.lucent.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code lucent} command line. Each subcommand is a picocli {@code @Command} class in this package; adding
 * one is adding its class to {@code subcommands} below. Commands print results on
 * {@code spec.commandLine().getOut()} and report failure by throwing: {@link dev.lucent.scene.SceneException}
 * or {@link CliException} for expected failures, anything else for bugs ({@link FailureReporter} words and
 * numbers them; see the EXIT_ constants).
 */
@Command(name = "lucent", mixinStandardHelpOptions = true, versionProvider = LucentVersion.class,
        scope = CommandLine.ScopeType.INHERIT, // every subcommand gets -h/--help (and -V) too
        description = "Lucent: a physically based path tracer.",
        subcommands = {
            InfoCommand.class,
            RenderCommand.class,
            BenchCommand.class,
            VersionCommand.class,
            DenoiseCommand.class,
            CompareCommand.class,
            ViewCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Main implements Callable<Integer> {
    /** Success. */
    public static final int EXIT_OK = 0;
    /** A bug: an exception no command expected. */
    public static final int EXIT_INTERNAL = 1;
    /** An expected failure: bad scene, missing file, missing native library. */
    public static final int EXIT_FAILURE = 2;
    /** Bad command line (unknown option, missing parameter, malformed value). */
    public static final int EXIT_USAGE = 2;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On failure, print the stack trace after the error line.")
    boolean debug;

    @Spec
    CommandSpec spec;

    /** {@code lucent} without a command: the usage, on stderr, as a usage error. */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("lucent: error: missing command");
        spec.commandLine().usage(err);
        err.flush();
        return EXIT_USAGE;
    }

    /** A fully configured command line writing to the given streams. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return configure(new CommandLine(new Main()), out, err);
    }

    /** Executes {@code cmd}, also reporting JVM Errors (out of memory, ...) as one line; returns the exit code. */
    static int execute(CommandLine cmd, String... args) {
        try {
            return cmd.execute(args);
        } catch (Error e) {
            boolean debug = Arrays.asList(args).contains("--debug");
            return new FailureReporter().handleError(e, cmd.getErr(), debug);
        } finally {
            cmd.getOut().flush();
            cmd.getErr().flush();
        }
    }

    /** Sets streams and failure reporting on {@code cmd} and every subcommand registered so far. */
    static CommandLine configure(CommandLine cmd, PrintWriter out, PrintWriter err) {
        FailureReporter reporter = new FailureReporter();
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setParameterExceptionHandler(reporter);
        cmd.setExecutionExceptionHandler(reporter);
        return cmd;
    }

    /** Runs one command line; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return execute(commandLine(out, err), args);
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(out, err, args));
    }
}
