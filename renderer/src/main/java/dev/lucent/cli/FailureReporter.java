package dev.lucent.cli;

import dev.lucent.backend.BackendUnavailableException;
import dev.lucent.scene.SceneException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How every command reports failure on stderr, so no user ever sees a raw stack trace unless they ask for one
 * with {@code --debug}:
 * <ul>
 * <li>usage errors (picocli's parse errors): "lucent: error: MESSAGE", picocli's suggestions if any, a hint
 *     to run --help; exit {@link Main#EXIT_USAGE};
 * <li>expected failures ({@link SceneException}, {@link CliException}, {@link BackendUnavailableException}
 *     (a backend that cannot run the job here, e.g. too little GPU memory), {@link OutOfMemoryError} with a hint
 *     about the heap limit): one line "lucent: error: MESSAGE"; exit {@link Main#EXIT_FAILURE};
 * <li>anything else is a bug: one line naming the exception type and message, plus "rerun with --debug";
 *     exit {@link Main#EXIT_INTERNAL}.
 * </ul>
 * With {@code --debug} (anywhere on the command line) the stack trace follows the line.
 */
final class FailureReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("lucent: error: " + usageMessage(ex));
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return Main.EXIT_USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean expected = ex instanceof SceneException || ex instanceof CliException
                || ex instanceof BackendUnavailableException;
        boolean debug = debugRequested(parsed);
        if (expected) {
            err.println("lucent: error: " + oneLine(ex.getMessage()));
        } else {
            err.println("lucent: internal error: " + ex.getClass().getName()
                    + (ex.getMessage() != null ? ": " + oneLine(ex.getMessage()) : "")
                    + (debug ? "" : " (rerun with --debug for the stack trace)"));
        }
        if (debug) ex.printStackTrace(err);
        err.flush();
        return expected ? Main.EXIT_FAILURE : Main.EXIT_INTERNAL;
    }

    /**
     * A JVM {@link Error} escaping a command (picocli hands back only Exceptions). Running out of memory is an
     * expected failure with a hint ({@link Main#EXIT_FAILURE}); any other Error is reported like an
     * unexpected exception ({@link Main#EXIT_INTERNAL}).
     */
    int handleError(Error e, PrintWriter err, boolean debug) {
        int code;
        if (e instanceof OutOfMemoryError) {
            err.println("lucent: error: out of memory" + (e.getMessage() != null ? " (" + oneLine(e.getMessage()) + ")"
                    : "") + "; the Java heap may grow to " + InfoTextWriter.bytes(Runtime.getRuntime().maxMemory())
                    + ", set LUCENT_JAVA_OPTS=-Xmx<size> to change that");
            code = Main.EXIT_FAILURE;
        } else {
            err.println("lucent: internal error: " + e.getClass().getName()
                    + (e.getMessage() != null ? ": " + oneLine(e.getMessage()) : "")
                    + (debug ? "" : " (rerun with --debug for the stack trace)"));
            code = Main.EXIT_INTERNAL;
        }
        if (debug) e.printStackTrace(err);
        err.flush();
        return code;
    }

    /** Picocli's message, except that a stray word where a command is expected is called an unknown command. */
    private static String usageMessage(ParameterException ex) {
        CommandLine cmd = ex.getCommandLine();
        if (ex instanceof UnmatchedArgumentException u && !cmd.getSubcommands().isEmpty()
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            return "unknown command '" + u.getUnmatched().get(0) + "' (commands: "
                    + String.join(", ", cmd.getSubcommands().keySet()) + ")";
        }
        return ex.getMessage();
    }

    /** True when --debug was given to the top-level command or to any subcommand. */
    static boolean debugRequested(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) return true;
        }
        return false;
    }

    private static String oneLine(String message) {
        if (message == null) return "(no message)";
        return message.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }
}
