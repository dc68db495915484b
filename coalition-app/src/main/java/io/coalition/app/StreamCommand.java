package io.coalition.app;

import io.coalition.streamaccess.StreamAccess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code coalition stream ...}: seed 003, access control on streamed RDF process logs. */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = {"Process logs as RDF triple streams, filtered per requester by XACML obligation policies."},
        subcommands = {StreamCommand.Convert.class, StreamCommand.Replay.class, StreamServeCommand.class,
                StreamCommand.ExamplePolicies.class})
final class StreamCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "convert", mixinStandardHelpOptions = true,
            description = "Convert an XES log to RDF (EBTIC-BPM vocabulary), case by case, as N-Quads whose graph"
                    + " name is the case's process.")
    static final class Convert implements Callable<Integer> {
        @Option(names = "--log", required = true, paramLabel = "FILE", description = "the XES log (.xes or .xes.gz)")
        Path log;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "the N-Quads file to write")
        Path out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            long n;
            try (Progress p = Progress.forFile(log, "converting")) {
                n = StreamAccess.convert(log, out, p);
            }
            spec.commandLine().getOut().printf("%d triples written to %s%n", n, out);
            return 0;
        }
    }

    @Command(name = "example-policies", mixinStandardHelpOptions = true,
            description = {"Write the example XACML policies for BPI Challenge 2012 (seed 003's loan policy, Definition 2,"
                    + " and the others of coalition-stream-access/README.md) into DIR, to use with --policies DIR.",
                    "Each grants one subject role, e.g. --requester ann:role=process-analyst."})
    static final class ExamplePolicies implements Callable<Integer> {
        @Option(names = "-o", required = true, paramLabel = "DIR", description = "the folder to write them into")
        Path dir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            StreamAccess.writeExamplePolicies(dir);
            PrintWriter w = spec.commandLine().getOut();
            w.printf("%d policies written to %s; roles: %s%n", StreamAccess.EXAMPLE_POLICIES.size(), dir,
                    String.join(", ", StreamAccess.EXAMPLE_ROLES));
            return 0;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = {"Replay an XES log as a triple stream onto a stream bus (embedded or Redis); each requester's stream"
                    + " passes the dynamic filter built from the policies and is written to OUT/<requester>.nq.",
                    "A requester is NAME:ATTR=VALUE[,ATTR=VALUE...]; the attributes are the subject attributes the"
                            + " XACML PDP decides on, e.g. ann:role=process-analyst."})
    static final class Replay implements Callable<Integer> {
        @Option(names = "--log", required = true, paramLabel = "FILE", description = "the XES log (.xes or .xes.gz)")
        Path log;

        @Option(names = "--policies", required = true, paramLabel = "DIR",
                description = "XACML 3.0 policies with stream obligations (a file or a folder of *.xml)")
        Path policies;

        @Option(names = "--requester", required = true, paramLabel = "NAME:ATTR=VALUE,...",
                description = "a requester and their subject attributes (repeatable)")
        List<String> requesters;

        @Option(names = "--block", defaultValue = "10", paramLabel = "N",
                description = "triples per block (default: ${DEFAULT-VALUE}, as in seed 003)")
        int block;

        @Option(names = "--delay-ms", defaultValue = "0", paramLabel = "MS",
                description = "pause between blocks in milliseconds; 0 replays at full speed (default)")
        long delayMs;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder for the requesters' streams")
        Path out;

        @Option(names = "--bus", defaultValue = "embedded", paramLabel = "embedded|redis://HOST:PORT",
                description = "the stream bus: embedded (in-process, default) or a Redis server (Redis Streams, stream"
                        + " named after the log file; publisher and subscribers each use their own connection)")
        String bus;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Map<String, Map<String, String>> who = new LinkedHashMap<>();
            for (String r : requesters) {
                int colon = r.indexOf(':');
                if (colon <= 0) throw bad(r, "expected NAME:ATTR=VALUE[,ATTR=VALUE...]");
                String name = r.substring(0, colon);
                if (!name.matches("[A-Za-z0-9_.-]+")) throw bad(r, "the name may use letters, digits, _ . - only");
                Map<String, String> attrs = new LinkedHashMap<>();
                for (String kv : r.substring(colon + 1).split(",")) {
                    int eq = kv.indexOf('=');
                    if (eq <= 0) throw bad(r, "attribute '" + kv + "' is not ATTR=VALUE");
                    attrs.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
                if (who.put(name, attrs) != null) throw bad(r, "requester '" + name + "' given twice");
            }
            StreamAccess.ReplayResult result;
            try (Progress p = Progress.forFile(log, "replaying")) {
                result = StreamAccess.replay(log, policies, who, block, Duration.ofMillis(delayMs), out, bus, p);
            }
            PrintWriter o = spec.commandLine().getOut();
            double seconds = result.elapsed().toNanos() / 1e9;
            o.printf("%d triples replayed in %.1f s (%.0f triples/s, %d requesters)%n", result.triples(), seconds,
                    result.triples() / Math.max(seconds, 1e-9), result.requesters().size());
            for (StreamAccess.RequesterResult r : result.requesters()) {
                o.printf("  %s: %d triples visible -> %s%n", r.requester(), r.visible(), r.output());
            }
            return 0;
        }

        private ParameterException bad(String value, String why) {
            return new ParameterException(spec.commandLine(), "--requester '" + value + "': " + why);
        }
    }
}
