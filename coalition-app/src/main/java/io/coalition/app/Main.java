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

import java.io.PrintWriter;
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
                "Exit codes: 0 done, 1 internal error, 2 bad input or usage, 130 cancelled."})
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
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof EventLogException || ex instanceof MiningException || ex instanceof TrustException
                    || ex instanceof PolicyException || ex instanceof PlanningException || ex instanceof PrivacyException
                    || ex instanceof TrustedMiningException || ex instanceof StreamAccessException
                    || ex instanceof DecisionsException || ex instanceof IllegalArgumentException) {
                commandLine.getErr().println("coalition: " + ex.getMessage());
                return EXIT_BAD_INPUT;
            }
            if (ex instanceof CancellationException) {
                commandLine.getErr().println("coalition: cancelled");
                return EXIT_CANCELLED;
            }
            commandLine.getErr().println("coalition: internal error: " + ex);
            ex.printStackTrace(commandLine.getErr());
            return 1;
        });
        return cli.execute(args);
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
