package io.coalition.app;

import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.io.LogFiles;
import io.coalition.eventlog.io.ReadOptions;
import io.coalition.mining.declare.Declare;
import io.coalition.mining.declare.DeclareModel;
import io.coalition.trustedmining.Analysis;
import io.coalition.trustedmining.MiningResult;
import io.coalition.trustedmining.ResultFiles;
import io.coalition.trustedmining.SimulatedDeployment;
import io.coalition.trustedmining.UsagePolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code coalition trusted-mining run}: seed 000's protocol in one process on the simulated TEE backend. */
@Command(name = "trusted-mining", mixinStandardHelpOptions = true,
        description = "Trusted inter-organizational process mining (Log Providers and an attested Trusted Miner).",
        subcommands = TrustedMiningCommand.Run.class)
final class TrustedMiningCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Start one Log Provider per --log and a Trusted Miner in a simulated enclave (sim backend, "
                    + "not hardware), run the protocol (attest, fetch sealed segments, merge cases by concept:name, mine) "
                    + "and write the models, report.json and report.html into the output folder."})
    static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--log", paramLabel = "ORG=FILE", required = true,
                description = "an organization and its log (XES, XES.GZ or CSV); repeat per organization, in merge tie-break order")
        List<String> logSpecs = new java.util.ArrayList<>(); // ORG=FILE; not a Map option, which keeps the last of a repeated ORG silently

        @Option(names = {"-a", "--algorithm"}, paramLabel = "NAME", split = ",", defaultValue = "heuristics,dfg",
                description = "analyses: heuristics (CONFINE preset), dfg, inductive, inductive-dfg (IMd), declare, declare-conformance (default: ${DEFAULT-VALUE})")
        List<String> algorithms;

        @Option(names = "--declare-model", paramLabel = "FILE",
                description = "Declare model (CONFINE's JSON) that the declare-conformance analysis checks each merged case against")
        Path declareModel;

        @Option(names = "--requester", paramLabel = "ORG", description = "who receives the result (default: the first organization)")
        String requester;

        @Option(names = "--segment-kb", paramLabel = "KB", defaultValue = "100",
                description = "largest segment a provider sends, in KiB (default: ${DEFAULT-VALUE})")
        int segmentKb;

        @Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true, description = "output folder")
        Path out;

        /** The organizations and their logs, in the order given; an organization given twice is refused. */
        private Map<String, Path> logs() {
            Map<String, Path> logs = new LinkedHashMap<>();
            for (String spec : logSpecs) {
                int eq = spec.indexOf('=');
                if (eq <= 0 || eq == spec.length() - 1) {
                    throw new IllegalArgumentException("--log " + spec + ": expected ORG=FILE");
                }
                String org = spec.substring(0, eq);
                if (logs.put(org, Path.of(spec.substring(eq + 1))) != null) {
                    throw new IllegalArgumentException("--log: organization '" + org + "' is given twice");
                }
            }
            return logs;
        }

        @Override
        public Integer call() {
            Set<Analysis> analyses = EnumSet.noneOf(Analysis.class);
            for (String a : algorithms) analyses.add(ProviderCommand.parseAnalysis("--algorithm", a));
            if (analyses.contains(Analysis.DECLARE_CONFORMANCE) && declareModel == null) {
                throw new IllegalArgumentException("--algorithm declare-conformance needs --declare-model FILE (a Declare "
                        + "model in CONFINE's JSON)");
            }
            if (segmentKb < 1) throw new IllegalArgumentException("--segment-kb must be at least 1, got " + segmentKb);
            Map<String, EventLog> read = new LinkedHashMap<>();
            for (Map.Entry<String, Path> e : logs().entrySet()) read.put(e.getKey(), LogFiles.read(e.getValue(), ReadOptions.DEFAULT));
            String who = requester != null ? requester : read.keySet().iterator().next();
            PrintWriter w = spec.commandLine().getOut();
            Optional<DeclareModel> model = declareModel == null ? Optional.empty() : Optional.of(Declare.read(declareModel));
            report(w, run(read, analyses, who, segmentKb * 1024, out, model), out);
            return 0;
        }
    }

    /** Runs the protocol on {@code logs}; every organization's policy allows the analyses for {@code requester}. */
    static MiningResult run(Map<String, EventLog> logs, Set<Analysis> analyses, String requester, int segmentBytes, Path out) {
        return run(logs, analyses, requester, segmentBytes, out, Optional.empty());
    }

    static MiningResult run(Map<String, EventLog> logs, Set<Analysis> analyses, String requester, int segmentBytes, Path out,
                            Optional<DeclareModel> declareModel) {
        UsagePolicy policy = UsagePolicy.minimal(Set.of(requester)).withAnalyses(analyses);
        try (SimulatedDeployment d = SimulatedDeployment.start(logs, policy, segmentBytes, out.resolve("notary"))) {
            return d.run(analyses, requester, declareModel);
        }
    }

    /** Writes the run's files as {@code miner run} does (models, SVGs, statistics.json, reports) and prints its summary. */
    static void report(PrintWriter w, MiningResult r, Path out) {
        MinerCommand.print(w, r, ResultFiles.write(r, out, List.of()), out);
        w.println("Notary logs: " + out.resolve("notary"));
    }
}
