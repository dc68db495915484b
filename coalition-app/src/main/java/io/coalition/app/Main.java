package io.coalition.app;

import io.coalition.decisions.DecisionsException;
import io.coalition.eventlog.EventLogException;
import io.coalition.mining.MiningException;
import io.coalition.planning.PlanningException;
import io.coalition.policy.PolicyException;
import io.coalition.privacy.PrivacyException;
import io.coalition.streamaccess.StreamAccessException;
import io.coalition.trust.TrustException;
import io.coalition.trustedmining.TrustedMiningException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.CancellationException;

/** The {@code coalition} command line. */
@Command(name = "coalition",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {"Secure inter-organizational process intelligence.", ""},
        subcommands = {DecisionsCommand.class, DemoCommand.class, LogCommand.class, MineCommand.class,
                MinerCommand.class, PkiCommand.class, PlanCommand.class, PolicyCommand.class, PrivacyCommand.class,
                ProviderCommand.class, SimulateCommand.class, StreamCommand.class, TrustedMiningCommand.class,
                WspCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Run 'coalition COMMAND --help' for a command's options.",
                "Exit codes: 0 done, 1 internal error, 2 bad input or usage, 3 partial result (miner run: a provider "
                        + "stayed unreachable), 130 cancelled."})
public final class Main implements Runnable {

    /** Bad input: a file or option the command cannot accept. */
    static final int EXIT_BAD_INPUT = 2;
    static final int EXIT_CANCELLED = 130;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given output streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // a usage error is the message and where to look, not the whole usage (150 lines for provider serve)
        cli.setParameterExceptionHandler((ex, arguments) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println(ex.getMessage());
            if (ex instanceof CommandLine.UnmatchedArgumentException u) {
                CommandLine.UnmatchedArgumentException.printSuggestions(u, c.getErr());
            }
            c.getErr().println("Run '" + c.getCommandSpec().qualifiedName() + " --help' for its options.");
            return c.getCommandSpec().exitCodeOnInvalidInput();
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> handle(ex, commandLine.getErr(), stackTraces()));
        return cli.execute(args);
    }

    /** Prints one line for {@code ex} (and the stack trace of an internal error when asked) and returns the exit code. */
    static int handle(Exception ex, PrintWriter err, boolean stackTrace) {
        if (ex instanceof EventLogException || ex instanceof MiningException || ex instanceof TrustException
                || ex instanceof PolicyException || ex instanceof PlanningException || ex instanceof PrivacyException
                || ex instanceof TrustedMiningException || ex instanceof StreamAccessException
                || ex instanceof DecisionsException || ex instanceof IllegalArgumentException) {
            err.println("coalition: " + ex.getMessage());
            return EXIT_BAD_INPUT;
        }
        IOException io = ex instanceof UncheckedIOException u ? u.getCause() : ex instanceof IOException i ? i : null;
        if (io instanceof FileSystemException f) {
            // a path the user gave (or its folder) that cannot be read or written: their input, one line
            err.println("coalition: " + describe(f));
            return EXIT_BAD_INPUT;
        }
        if (ex instanceof CancellationException) {
            err.println("coalition: cancelled");
            return EXIT_CANCELLED;
        }
        if (stackTrace) {
            err.println("coalition: internal error: " + ex);
            ex.printStackTrace(err);
        } else {
            err.println("coalition: internal error: " + ex + " (COALITION_LOG_LEVEL=DEBUG shows the stack trace)");
        }
        return 1;
    }

    /** Stack traces of internal errors only on request: users get one line, developers ask for the trace. */
    private static boolean stackTraces() {
        String level = System.getenv("COALITION_LOG_LEVEL");
        return level != null && (level.equalsIgnoreCase("DEBUG") || level.equalsIgnoreCase("TRACE"));
    }

    /** "FILE: what went wrong" for a file system error, without the exception's class name. */
    static String describe(FileSystemException e) {
        String what = e instanceof NoSuchFileException ? "no such file or folder"
                : e instanceof AccessDeniedException ? "permission denied"
                : e instanceof FileAlreadyExistsException ? "already exists"
                : e instanceof NotDirectoryException ? "not a folder"
                : e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
        String file = e.getFile() == null ? "" : e.getFile() + ": ";
        String other = e.getOtherFile() == null ? "" : " (" + e.getOtherFile() + ")";
        return file + what + other;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"coalition " + (v == null ? "development build" : v),
                    "Java " + System.getProperty("java.version")};
        }
    }
}
