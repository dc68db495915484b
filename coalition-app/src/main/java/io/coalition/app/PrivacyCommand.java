package io.coalition.app;

import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.io.LogFiles;
import io.coalition.privacy.PrivacyException;
import io.coalition.privacy.SequencePublisher;
import io.coalition.eventlog.io.AtomicFiles;
import io.coalition.privacy.bprcs.BprcsParameters;
import io.coalition.privacy.composition.Composition;
import io.coalition.privacy.composition.ProcessExports;
import io.coalition.privacy.evaluation.RealLogUtility;
import io.coalition.privacy.evaluation.TerminatingStates;
import io.coalition.privacy.prefixtree.PrefixTreeParameters;
import io.coalition.privacy.prefixtree.PrefixTreePublisher;
import io.coalition.privacy.bprcs.BprcsPublisher;
import io.coalition.privacy.noise.PrivacyAccountant;
import io.coalition.privacy.sequence.ExecutionSequence;
import io.coalition.privacy.sequence.Sequences;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code coalition privacy ...}: differentially private execution sequences (seed 002, BPRCS). */
@Command(name = "privacy", mixinStandardHelpOptions = true,
        description = {"Differentially private execution sequences (seed 002, BPRCS)."},
        subcommands = {PrivacyCommand.Publish.class, PrivacyCommand.Compose.class, PrivacyCommand.Evaluate.class})
final class PrivacyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = {"Publish the execution sequences of IN (XES, XES.gz or CSV) with epsilon-differential privacy "
                    + "per organization (BPRCS Algorithm 1, corrected) and write the sanitized sequences to OUT.",
                    "Event attributes in:NAME / out:NAME are invocation parameters; their distributions are released "
                            + "only for parameters given a public domain with --parameter."})
    static final class Publish implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ReadMixin read;

        @Option(names = "--epsilon", required = true, paramLabel = "E",
                description = "total privacy budget per organization, a decimal such as 0.5")
        BigDecimal epsilon;

        @Option(names = "--per-org-limit", defaultValue = "3", paramLabel = "M",
                description = "m: sequences used per organization, extra ones are dropped (default: ${DEFAULT-VALUE})")
        int perOrgLimit;

        @Option(names = "--max-length", defaultValue = "30", paramLabel = "K",
                description = "k: public bound on the sequence length, longer ones are truncated (default: ${DEFAULT-VALUE})")
        int maxLength;

        @Option(names = "--org-attribute", paramLabel = "KEY",
                description = "trace attribute naming the contributing organization (default: each trace its own)")
        String orgAttribute;

        @Option(names = "--attribute", paramLabel = "KEY",
                description = "event attribute to keep as an output parameter of its activity (repeatable)")
        List<String> attributes = List.of();

        @Option(names = "--parameter", paramLabel = "NAME=V1,V2,...",
                description = "public value domain of a parameter whose distributions are released (repeatable)")
        List<String> parameters = List.of();

        @Option(names = "--prune", defaultValue = "0", paramLabel = "SCALES",
                description = "drop noisy counts below SCALES noise scales (post-processing; default: ${DEFAULT-VALUE})")
        int prune;

        @Parameters(index = "0", paramLabel = "IN", description = "the input log")
        Path in;

        @Parameters(index = "1", paramLabel = "OUT", description = "the sanitized log (.xes, .xes.gz or .csv)")
        Path out;

        @Override
        public Integer call() {
            Map<String, List<String>> domains = new LinkedHashMap<>();
            for (String p : parameters) {
                int eq = p.indexOf('=');
                if (eq <= 0 || eq == p.length() - 1) {
                    throw new PrivacyException("--parameter '" + p + "': expected NAME=V1,V2,...");
                }
                domains.put(p.substring(0, eq), List.of(p.substring(eq + 1).split(",")));
            }
            BprcsParameters params = new BprcsParameters(epsilon, perOrgLimit, maxLength, domains, prune);
            EventLog log = read.log(in);
            List<ExecutionSequence> sequences = Sequences.fromLog(log, orgAttribute, Set.copyOf(attributes));
            PrivacyAccountant budget = new PrivacyAccountant(epsilon);
            SequencePublisher.Publication pub = new BprcsPublisher(params).publish(sequences, budget, new SecureRandom());
            LogFiles.write(Sequences.toLog(pub.sequences()), out);
            PrintWriter w = spec.commandLine().getOut();
            w.printf("input:     %d sequences, %d used, %d dropped by --per-org-limit %d, %d truncated to %d%n",
                    sequences.size(), pub.sequencesUsed(), pub.droppedByLimit(), perOrgLimit, pub.truncated(), maxLength);
            for (SequencePublisher.Release r : pub.releases()) {
                w.printf("noise:     %s: epsilon %s, sensitivity %d, discrete Laplace scale %s, %d cells%n",
                        r.purpose(), r.epsilon(), r.sensitivity(), r.scale(), r.cells());
            }
            w.printf("budget:    epsilon %s of %s spent%n", budget.spent().stripTrailingZeros().toPlainString(),
                    epsilon.stripTrailingZeros().toPlainString());
            w.printf("published: %d sequences -> %s%n", pub.sequences().size(), out);
            return 0;
        }
    }

    @Command(name = "compose", mixinStandardHelpOptions = true,
            description = {"Compose a workflow from (sanitized) sequences IN: inductive miner, ID3 branch conditions at "
                    + "each exclusive split from the in:/out: parameters, BPMN 2.0 with conditions and WS-BPEL 2.0."})
    static final class Compose implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ReadMixin read;

        @Option(names = "-o", required = true, paramLabel = "MODEL.bpmn", description = "the BPMN 2.0 output")
        Path bpmn;

        @Option(names = "--bpel", paramLabel = "PROCESS.bpel", description = "also write a WS-BPEL 2.0 process")
        Path bpel;

        @Option(names = "--noise", defaultValue = "0.2", paramLabel = "F",
                description = "IMf noise threshold, 0 for IM (default: ${DEFAULT-VALUE})")
        double noise;

        @Parameters(index = "0", paramLabel = "IN", description = "the sequences (XES, XES.gz or CSV)")
        Path in;

        @Override
        public Integer call() {
            List<ExecutionSequence> sequences = Sequences.fromLog(read.log(in), null, Set.of());
            Composition.ComposedProcess p = Composition.compose(sequences, noise);
            PrintWriter w = spec.commandLine().getOut();
            w.printf("model:     %s%n", p.tree());
            for (Composition.Split s : p.splits()) {
                for (int b = 0; b < s.branchStarts().size(); b++) {
                    w.printf("condition: %s -> %s%n", s.branchStarts().get(b).isEmpty() ? "(skip)"
                            : String.join("|", s.branchStarts().get(b)),
                            s.conditions().get(b) == null ? "(otherwise)" : s.conditions().get(b));
                }
            }
            String xml = ProcessExports.bpmn(p);
            AtomicFiles.write(bpmn, out -> out.write(xml.getBytes(StandardCharsets.UTF_8)));
            w.printf("bpmn:      %s%n", bpmn);
            if (bpel != null) {
                String name = in.getFileName().toString().replaceFirst("\\..*$", "");
                String process = ProcessExports.bpel(p, name.isEmpty() ? "process" : name);
                AtomicFiles.write(bpel, out -> out.write(process.getBytes(StandardCharsets.UTF_8)));
                w.printf("bpel:      %s%n", bpel);
            }
            return 0;
        }
    }

    enum Mechanism { BPRCS, PREFIX_TREE }

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = {"Utility of the private release, written as CSV to -o.",
                    "Without --log: seed 002 Table 2 on generated Internet purchase order BPs (precision and recall "
                            + "of terminating states, percent). With --log: fitness and precision of the IMf model of "
                            + "the private log, replayed with the original log, per epsilon and run."})
    static final class Evaluate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ReadMixin read;

        @Option(names = "--log", paramLabel = "FILE", description = "a real log (XES, XES.gz or CSV)")
        Path log;

        @Option(names = "--mechanism", defaultValue = "BPRCS", paramLabel = "NAME",
                description = "with --log: bprcs or prefix_tree (default: ${DEFAULT-VALUE})")
        Mechanism mechanism;

        @Option(names = "--epsilon", split = ",", defaultValue = "0.1,0.5,1,2", paramLabel = "E,...",
                description = "epsilons (default: ${DEFAULT-VALUE})")
        List<BigDecimal> epsilons;

        @Option(names = "--bps", split = ",", defaultValue = "200,500,1000,2000", paramLabel = "N,...",
                description = "Table 2: numbers of BPs (default: ${DEFAULT-VALUE})")
        List<Integer> bps;

        @Option(names = "--per-bp", defaultValue = "3", paramLabel = "M",
                description = "Table 2: sequences per BP, also the per-organization limit (default: ${DEFAULT-VALUE})")
        int perBp;

        @Option(names = "--max-length", defaultValue = "30", paramLabel = "K",
                description = "with --log: k, the public length bound (default: ${DEFAULT-VALUE})")
        int maxLength;

        @Option(names = "--runs", defaultValue = "4", paramLabel = "R", description = "runs averaged (default: ${DEFAULT-VALUE})")
        int runs;

        @Option(names = "--prune", defaultValue = "3", paramLabel = "SCALES",
                description = "BPRCS: drop noisy counts below SCALES scales (default: ${DEFAULT-VALUE})")
        int prune;

        @Option(names = "-o", required = true, paramLabel = "OUT.csv", description = "the CSV table")
        Path out;

        @Override
        public Integer call() {
            if (runs < 1) throw new PrivacyException("--runs must be at least 1, got " + runs);
            SecureRandom rng = new SecureRandom();
            String csv;
            if (log == null) {
                csv = TerminatingStates.csv(TerminatingStates.table(bps, epsilons, perBp, runs, prune, rng));
            } else {
                EventLog original = read.log(log);
                RealLogUtility.Row base = RealLogUtility.baseline(original);
                List<RealLogUtility.Row> rows = new java.util.ArrayList<>();
                rows.add(base);
                rows.addAll(RealLogUtility.evaluate(original, epsilons, runs, e -> mechanism == Mechanism.BPRCS
                        ? new BprcsPublisher(BprcsParameters.of(e, 1, maxLength).withPruneScales(prune))
                        : new PrefixTreePublisher(new PrefixTreeParameters(e, 1, maxLength, prune, 2_000_000)), rng));
                csv = RealLogUtility.csv(rows);
            }
            String table = csv;
            AtomicFiles.write(out, o -> o.write(table.getBytes(StandardCharsets.UTF_8)));
            spec.commandLine().getOut().print(table);
            spec.commandLine().getOut().printf("table:     %s%n", out);
            return 0;
        }
    }
}
