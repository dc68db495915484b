package io.coalition.app;

import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.io.LogFiles;
import io.coalition.mining.inductive.InductiveMiner;
import io.coalition.privacy.PrivacyException;
import io.coalition.privacy.PublicAlphabet;
import io.coalition.privacy.SequencePublisher;
import io.coalition.eventlog.io.AtomicFiles;
import io.coalition.privacy.bprcs.BprcsParameters;
import io.coalition.privacy.composition.Composition;
import io.coalition.privacy.composition.ProcessExports;
import io.coalition.privacy.evaluation.PatternUtility;
import io.coalition.privacy.evaluation.Plots;
import io.coalition.privacy.evaluation.PublisherFactory;
import io.coalition.privacy.evaluation.PublishedResults;
import io.coalition.privacy.evaluation.RealLogUtility;
import io.coalition.privacy.evaluation.TerminatingStates;
import io.coalition.privacy.prefixtree.PrefixTreeParameters;
import io.coalition.privacy.prefixtree.PrefixTreePublisher;
import io.coalition.privacy.bprcs.BprcsPublisher;
import io.coalition.privacy.markov.MarkovParameters;
import io.coalition.privacy.markov.MarkovPublisher;
import io.coalition.privacy.noise.BudgetLedger;
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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code coalition privacy ...}: differentially private execution sequences (seed 002, BPRCS). */
@Command(name = "privacy", mixinStandardHelpOptions = true,
        description = {"Differentially private execution sequences (seed 002, BPRCS) and the composition of workflows "
                + "from them."},
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
                    + "per organization (BPRCS Algorithm 1, corrected, a noisy prefix tree, or a higher-order Markov "
                    + "extension of BPRCS) and write the sanitized "
                    + "sequences to OUT.",
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

        @Option(names = "--prune", paramLabel = "SCALES",
                description = "BPRCS: drop noisy counts below SCALES noise scales (post-processing; default 0); "
                        + "prefix tree: expand only nodes whose noisy count reaches SCALES scales (default 4)")
        Integer prune;

        @Option(names = "--mechanism", defaultValue = "BPRCS", paramLabel = "NAME",
                description = "bprcs (seed 002 Algorithm 1, corrected), prefix_tree (Chen et al. 2012; --max-length "
                        + "is its height) or markov (higher-order extension of BPRCS, activities only) "
                        + "(default: ${DEFAULT-VALUE})")
        Mechanism mechanism;

        @Option(names = "--order", defaultValue = "2", paramLabel = "H",
                description = "markov: the longest context, each order 1..H gets epsilon/H (default: ${DEFAULT-VALUE})")
        int order;

        @Option(names = "--backoff", defaultValue = "10", paramLabel = "SCALES",
                description = "markov: use a longer context only when its noisy row total reaches SCALES noise scales "
                        + "(default: ${DEFAULT-VALUE})")
        int backoff;

        @Option(names = "--walk", defaultValue = "PAPER", paramLabel = "MODE",
                description = "BPRCS regeneration: paper or end_aware (default: ${DEFAULT-VALUE})")
        BprcsParameters.Walk walk;

        @Option(names = "--alphabet", paramLabel = "FILE|A,B,...",
                description = "the public activity domain: a file with one name per line, or a comma list (a value "
                        + "with a comma is a list: a single name is written 'A,'). Without it the domain is taken from "
                        + "the data and is not covered by the guarantee")
        String alphabet;

        @Option(names = "--drop-unknown",
                description = "with --alphabet: remove activities outside it from their sequences instead of refusing "
                        + "the input")
        boolean dropUnknown;

        @Option(names = "--budget-ledger", paramLabel = "FILE",
                description = "a JSON ledger of the budget spent on IN across runs (created when absent): the run is "
                        + "refused before any noise is drawn when --epsilon exceeds what is left, and its spend is "
                        + "recorded before OUT is written")
        Path budgetLedger;

        @Option(names = "--total-budget", paramLabel = "B",
                description = "with --budget-ledger: the total epsilon allowed on IN, fixed by the first run")
        BigDecimal totalBudget;

        @Option(names = "--dataset", paramLabel = "KEY",
                description = "with --budget-ledger: the ledger key of the data (default: sha256 of IN's bytes; name "
                        + "one key for several extracts of the same data)")
        String dataset;

        @Parameters(index = "0", paramLabel = "IN", description = "the input log")
        Path in;

        @Parameters(index = "1", paramLabel = "OUT", description = "the sanitized log (.xes, .xes.gz or .csv)")
        Path out;

        @Override
        public Integer call() {
            if (budgetLedger == null && (totalBudget != null || dataset != null)) {
                throw new PrivacyException("--total-budget and --dataset need --budget-ledger");
            }
            if (budgetLedger == null) return publish(null, null);
            try (BudgetLedger ledger = BudgetLedger.lock(budgetLedger)) {
                String key = dataset != null ? dataset : BudgetLedger.datasetOf(in);
                ledger.check(key, totalBudget, epsilon);
                return publish(ledger, key);
            }
        }

        private int publish(BudgetLedger ledger, String key) {
            Map<String, List<String>> domains = new LinkedHashMap<>();
            for (String p : parameters) {
                int eq = p.indexOf('=');
                if (eq <= 0 || eq == p.length() - 1) {
                    throw new PrivacyException("--parameter '" + p + "': expected NAME=V1,V2,...");
                }
                domains.put(p.substring(0, eq), List.of(p.substring(eq + 1).split(",")));
            }
            if (mechanism == Mechanism.MARKOV && !domains.isEmpty()) {
                throw new PrivacyException("--parameter is not supported with --mechanism markov (it releases "
                        + "activities only); use bprcs or prefix_tree");
            }
            if (dropUnknown && alphabet == null) throw new PrivacyException("--drop-unknown needs --alphabet");
            PublicAlphabet publicAlphabet = alphabet == null ? null
                    : (alphabet.contains(",") ? PublicAlphabet.parse(alphabet) : PublicAlphabet.read(Path.of(alphabet)))
                    .withDropUnknown(dropUnknown);
            SequencePublisher publisher = switch (mechanism) {
                case BPRCS -> new BprcsPublisher(new BprcsParameters(epsilon, perOrgLimit, maxLength, domains,
                        prune == null ? 0 : prune, walk, publicAlphabet));
                case PREFIX_TREE -> new PrefixTreePublisher(new PrefixTreeParameters(epsilon, perOrgLimit, maxLength,
                        prune == null ? 4 : prune, 2_000_000, true, domains, publicAlphabet));
                case MARKOV -> new MarkovPublisher(new MarkovParameters(epsilon, perOrgLimit, maxLength, order,
                        prune == null ? 3 : prune, backoff, publicAlphabet));
            };
            EventLog log = read.log(in);
            List<ExecutionSequence> sequences = Sequences.fromLog(log, orgAttribute, Set.copyOf(attributes));
            PrivacyAccountant budget = new PrivacyAccountant(epsilon);
            SequencePublisher.Publication pub = publisher.publish(sequences, budget, new SecureRandom());
            BudgetLedger.Budget ledgered = ledger == null ? null : ledger.record(key, totalBudget, epsilon,
                    "publish --mechanism " + mechanism.name().toLowerCase(java.util.Locale.ROOT) + " -> " + out.getFileName(),
                    Instant.now());
            LogFiles.write(Sequences.toLog(pub.sequences()), out);
            if (publicAlphabet == null) {
                spec.commandLine().getErr().println("coalition: warning: no --alphabet: the activity domain is taken "
                        + "from the data and is not covered by the differential privacy guarantee (a service only one "
                        + "organization uses can appear in the release)");
            }
            PrintWriter w = spec.commandLine().getOut();
            w.printf("input:     %d sequences, %d used, %d dropped by --per-org-limit %d, %d truncated to %d%n",
                    sequences.size(), pub.sequencesUsed(), pub.droppedByLimit(), perOrgLimit, pub.truncated(), maxLength);
            w.printf("domain:    %d activities %s%n", pub.domain().size(), pub.publicDomain()
                    ? "from --alphabet, " + pub.unknownDropped() + " invocations outside it dropped"
                    : "taken from the data (not covered by the guarantee)");
            for (SequencePublisher.Release r : pub.releases()) {
                w.printf("noise:     %s: epsilon %s, sensitivity %d, discrete Laplace scale %s, %d cells%n",
                        r.purpose(), r.epsilon(), r.sensitivity(), r.scale(), r.cells());
            }
            w.printf("budget:    epsilon %s of %s spent%n", budget.spent().stripTrailingZeros().toPlainString(),
                    epsilon.stripTrailingZeros().toPlainString());
            if (ledgered != null) {
                w.printf("ledger:    %s: epsilon %s of %s spent over %d releases, %s left (%s)%n", key,
                        ledgered.spent().stripTrailingZeros().toPlainString(),
                        ledgered.total().stripTrailingZeros().toPlainString(), ledgered.spends().size(),
                        ledgered.remaining().stripTrailingZeros().toPlainString(), budgetLedger);
            }
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

        @Option(names = "--bpel", paramLabel = "PROCESS.bpel",
                description = "also write a WS-BPEL 2.0 process and, beside it, PROCESS.wsdl with its messages, port "
                        + "types and partner link types")
        Path bpel;

        @Option(names = "--noise", defaultValue = "0.2", paramLabel = "F",
                description = "IMf noise threshold, 0 for IM (default: ${DEFAULT-VALUE})")
        double noise;

        @Option(names = "--miner", defaultValue = "inductive", paramLabel = "NAME",
                description = "inductive (IMf, block-structured: BPMN and BPEL) or alpha (a Petri net: BPMN only, "
                        + "conditions at its choice places) (default: ${DEFAULT-VALUE})")
        String miner;

        @Parameters(index = "0", paramLabel = "IN", description = "the sequences (XES, XES.gz or CSV)")
        Path in;

        @Override
        public Integer call() {
            boolean alpha = switch (miner) {
                case "alpha" -> true;
                case "inductive" -> false;
                default -> throw new PrivacyException("--miner '" + miner + "': expected inductive or alpha");
            };
            if (alpha && bpel != null) {
                throw new PrivacyException("--bpel needs --miner inductive: WS-BPEL is block-structured and the Alpha "
                        + "miner's Petri net is not");
            }
            List<ExecutionSequence> sequences = Sequences.fromLog(read.log(in), null, Set.of());
            Composition.ComposedProcess p = alpha ? Composition.composeAlpha(sequences)
                    : Composition.compose(sequences, noise);
            PrintWriter w = spec.commandLine().getOut();
            w.printf("model:     %s%n", alpha ? "Alpha workflow net, " + p.net().net().places().size() + " places, "
                    + p.net().net().transitions().size() + " transitions" : p.tree());
            for (Composition.Split s : p.splits()) {
                int otherwise = ProcessExports.otherwiseBranch(s);
                for (int b = 0; b < s.branchStarts().size(); b++) {
                    w.printf("condition: %s -> %s%n", s.branchStarts().get(b).isEmpty() ? "(skip)"
                            : String.join("|", s.branchStarts().get(b)), s.conditions().get(b) != null
                            ? s.conditions().get(b) : b == otherwise ? "(otherwise)" : "(never: ID3 predicts it for no case)");
                }
            }
            String xml = ProcessExports.bpmn(p);
            AtomicFiles.write(bpmn, out -> out.write(xml.getBytes(StandardCharsets.UTF_8)));
            w.printf("bpmn:      %s%n", bpmn);
            if (bpel != null) {
                String base = in.getFileName().toString().replaceFirst("\\..*$", "");
                String name = base.isEmpty() ? "process" : base;
                // The WSDL goes beside the .bpel, which imports it by its file name.
                String wsdlName = bpel.getFileName().toString().replaceFirst("\\.[^.]*$", "") + ".wsdl";
                Path wsdl = bpel.resolveSibling(wsdlName);
                String definitions = ProcessExports.wsdl(p, name);
                String process = ProcessExports.bpel(p, name, wsdlName);
                AtomicFiles.write(wsdl, out -> out.write(definitions.getBytes(StandardCharsets.UTF_8)));
                AtomicFiles.write(bpel, out -> out.write(process.getBytes(StandardCharsets.UTF_8)));
                w.printf("bpel:      %s%n", bpel);
                w.printf("wsdl:      %s%n", wsdl);
            }
            return 0;
        }
    }

    /** The mechanism under evaluation. */
    enum Mechanism { BPRCS, PREFIX_TREE, MARKOV }

    /** Options every evaluation shares. */
    static final class EvaluationOptions {
        @Option(names = "--mechanism", defaultValue = "BPRCS", paramLabel = "NAME",
                description = "bprcs, prefix_tree or markov (default: ${DEFAULT-VALUE})")
        Mechanism mechanism;

        @Option(names = "--order", defaultValue = "2", paramLabel = "H",
                description = "markov: the longest context, each order 1..H gets epsilon/H (default: ${DEFAULT-VALUE})")
        int order;

        @Option(names = "--backoff", defaultValue = "10", paramLabel = "SCALES",
                description = "markov: use a longer context only when its noisy row total reaches SCALES noise scales "
                        + "(default: ${DEFAULT-VALUE})")
        int backoff;

        @Option(names = "--runs", defaultValue = "4", paramLabel = "R",
                description = "runs averaged, reported as mean and standard deviation (default: ${DEFAULT-VALUE})")
        int runs;

        @Option(names = "--seed", paramLabel = "S",
                description = "seed of the generated databases (run r uses S + r; default 1) and of the noise, for "
                        + "reproducible figures (default: noise from SecureRandom)")
        Long seed;

        @Option(names = "--prune", defaultValue = "3", paramLabel = "SCALES",
                description = "BPRCS: drop noisy counts below SCALES scales; prefix tree: expansion threshold in "
                        + "scales (default: ${DEFAULT-VALUE})")
        int prune;

        @Option(names = "--walk", defaultValue = "PAPER", paramLabel = "MODE",
                description = "BPRCS regeneration: paper (walks of slen's lengths) or end_aware (walks stop at a "
                        + "noisy end-of-sequence edge) (default: ${DEFAULT-VALUE})")
        BprcsParameters.Walk walk;

        @Option(names = "-o", required = true, paramLabel = "OUT.csv", description = "the CSV table")
        Path out;

        @Option(names = "--plots", paramLabel = "DIR", description = "also write PNG plots of the table into DIR")
        Path plots;

        java.util.random.RandomGenerator noise() {
            if (seed == null) return new SecureRandom();
            try {
                // A deterministic generator, so a figure can be regenerated; evaluation only, never for publish.
                SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
                r.setSeed(seed);
                return r;
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA1PRNG is missing from this JRE", e);
            }
        }

        long dataSeed() {
            return seed == null ? 1 : seed;
        }

        PublisherFactory factory(int maxLength) {
            if (runs < 1) throw new PrivacyException("--runs must be at least 1, got " + runs);
            return (e, m) -> switch (mechanism) {
                case BPRCS -> new BprcsPublisher(BprcsParameters.of(e, m, maxLength).withPruneScales(prune).withWalk(walk));
                case PREFIX_TREE -> new PrefixTreePublisher(new PrefixTreeParameters(e, m, maxLength, prune, 2_000_000));
                case MARKOV -> new MarkovPublisher(new MarkovParameters(e, m, maxLength, order, prune, backoff));
            };
        }

        void write(CommandSpec spec, String csv, java.util.function.Function<Path, List<Path>> plotter) {
            AtomicFiles.write(out, o -> o.write(csv.getBytes(StandardCharsets.UTF_8)));
            PrintWriter w = spec.commandLine().getOut();
            w.print(csv);
            w.printf("table:     %s%n", out);
            if (plots != null) for (Path p : plotter.apply(plots)) w.printf("plot:      %s%n", p);
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = {"Utility of the private releases (seed 002 section 6 and a real-log table): CSV tables "
                    + "with mean and standard deviation over runs, optionally PNG plots."},
            subcommands = {Terminals.class, Patterns.class, PatternsByBps.class, Utility.class})
    static final class Evaluate implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    @Command(name = "terminals", mixinStandardHelpOptions = true,
            description = {"Seed 002 Table 2: precision and recall (percent) of the terminating states of the "
                    + "workflow (alpha or IMf) mined from the private sequences of generated Internet purchase order BPs."})
    static final class Terminals implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        EvaluationOptions options;

        @Option(names = "--epsilon", split = ",", defaultValue = "0.1,0.5,1,2", paramLabel = "E,...",
                description = "epsilons (default: ${DEFAULT-VALUE})")
        List<BigDecimal> epsilons;

        @Option(names = "--bps", split = ",", defaultValue = "200,500,1000,2000", paramLabel = "N,...",
                description = "numbers of BPs (default: ${DEFAULT-VALUE})")
        List<Integer> bps;

        @Option(names = "--per-bp", defaultValue = "3", paramLabel = "M",
                description = "sequences per BP, also the per-organization limit (default: ${DEFAULT-VALUE})")
        int perBp;

        @Option(names = "--miner", defaultValue = "ALPHA", paramLabel = "NAME",
                description = "alpha (the paper's) or inductive (IMf 0.2) (default: ${DEFAULT-VALUE})")
        TerminatingStates.Miner miner;

        @Override
        public Integer call() {
            PublisherFactory f = options.factory(PURCHASE_ORDER_LENGTH);
            List<TerminatingStates.Row> rows;
            try (Progress p = Progress.phase("Table 2 (terminating states)")) {
                rows = TerminatingStates.table(bps, epsilons, perBp, options.runs, options.dataSeed(), miner, f,
                        options.noise());
            }
            options.write(spec, TerminatingStates.csv(rows), dir -> Plots.table2(rows, dir));
            return 0;
        }
    }

    /** k for the generated purchase orders: order, 3 price, 2 invoice/payment, 3 settlement services, final bill. */
    static final int PURCHASE_ORDER_LENGTH = 10;

    @Command(name = "patterns", mixinStandardHelpOptions = true,
            description = {"Seed 002 Figure 5: precision (one-edit match) and recall (exact) of the frequent sequential "
                    + "patterns of lengths 5-10 of the private sequences against epsilon, per minimum support."})
    static final class Patterns implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        EvaluationOptions options;

        @Option(names = "--epsilon", split = ",", defaultValue = "0.1,0.5,1,2,5,10", paramLabel = "E,...",
                description = "epsilons (default: ${DEFAULT-VALUE})")
        List<BigDecimal> epsilons;

        @Option(names = "--bps", defaultValue = "1000", paramLabel = "N", description = "number of BPs (default: ${DEFAULT-VALUE})")
        int bps;

        @Option(names = "--per-bp", defaultValue = "1", paramLabel = "M",
                description = "sequences per BP, also the per-organization limit (default: ${DEFAULT-VALUE})")
        int perBp;

        @Option(names = "--support-original", defaultValue = "0.02", paramLabel = "F",
                description = "minimum support in the original database, a fraction (default: ${DEFAULT-VALUE}; "
                        + "the paper's 10% finds no 5-pattern in our generator)")
        double originalSupport;

        @Option(names = "--support", split = ",", defaultValue = "0.01,0.014,0.02", paramLabel = "F,...",
                description = "minimum supports in the private database: the paper's 5/7/10% relative to 10% "
                        + "(default: ${DEFAULT-VALUE})")
        List<Double> supports;

        @Override
        public Integer call() {
            PublisherFactory f = options.factory(PURCHASE_ORDER_LENGTH);
            List<PatternUtility.Row> rows;
            try (Progress p = Progress.phase("Figure 5 (frequent patterns against epsilon)")) {
                rows = PatternUtility.byEpsilon(bps, perBp, epsilons, originalSupport, supports, options.runs,
                        options.dataSeed(), f, options.noise());
            }
            options.write(spec, PatternUtility.csv(rows), dir -> Plots.figure5(rows, dir));
            return 0;
        }
    }

    @Command(name = "patterns-by-bps", mixinStandardHelpOptions = true,
            description = {"Seed 002 Figure 6: precision and recall of the frequent sequential patterns of lengths "
                    + "5-10 against the number of BPs, per number of sequences each BP contributes."})
    static final class PatternsByBps implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        EvaluationOptions options;

        @Option(names = "--epsilon", defaultValue = "1", paramLabel = "E", description = "epsilon (default: ${DEFAULT-VALUE})")
        BigDecimal epsilon;

        @Option(names = "--bps", split = ",", defaultValue = "200,500,1000,2000", paramLabel = "N,...",
                description = "numbers of BPs (default: ${DEFAULT-VALUE})")
        List<Integer> bps;

        @Option(names = "--per-bp", split = ",", defaultValue = "1,2,3", paramLabel = "M,...",
                description = "sequences per BP, also the per-organization limit (default: ${DEFAULT-VALUE})")
        List<Integer> perBp;

        @Option(names = "--support-original", defaultValue = "0.02", paramLabel = "F",
                description = "minimum support in the original database (default: ${DEFAULT-VALUE})")
        double originalSupport;

        @Option(names = "--support", defaultValue = "0.01", paramLabel = "F",
                description = "minimum support in the private database (default: ${DEFAULT-VALUE})")
        double support;

        @Override
        public Integer call() {
            PublisherFactory f = options.factory(PURCHASE_ORDER_LENGTH);
            List<PatternUtility.Row> rows;
            try (Progress p = Progress.phase("Figure 6 (frequent patterns against the number of BPs)")) {
                rows = PatternUtility.byBps(bps, perBp, epsilon, originalSupport, support, options.runs,
                        options.dataSeed(), f, options.noise());
            }
            options.write(spec, PatternUtility.csv(rows), dir -> Plots.figure6(rows, dir));
            return 0;
        }
    }

    @Command(name = "utility", mixinStandardHelpOptions = true,
            description = {"Result utility on a real log (the TraVaS/SaCoFa protocol): fitness and precision of the "
                    + "IMf model of the private log, replayed with the original log, per epsilon (mean and standard "
                    + "deviation over runs); each trace is its own contributor (m = 1). The first row is the "
                    + "non-private baseline."})
    static final class Utility implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ReadMixin read;

        @Mixin
        EvaluationOptions options;

        @Parameters(index = "0", paramLabel = "LOG", description = "a real log (XES, XES.gz or CSV)")
        Path log;

        @Option(names = "--epsilon", split = ",", defaultValue = "0.1,0.5,1,2", paramLabel = "E,...",
                description = "epsilons (default: ${DEFAULT-VALUE})")
        List<BigDecimal> epsilons;

        @Option(names = "--max-length", defaultValue = "30", paramLabel = "K",
                description = "k (BPRCS) or h (prefix tree), the public length bound (default: ${DEFAULT-VALUE})")
        int maxLength;

        @Option(names = "--runs-csv", paramLabel = "FILE", description = "also write every run's figures")
        Path runsCsv;

        @Option(names = "--published", paramLabel = "FILE",
                description = "published SaCoFa/TraVaS results (../shared/data/dp/travas-results.md): adds their "
                        + "fitness and precision at delta 0.05 as columns and plot series")
        Path published;

        @Option(names = "--published-log", paramLabel = "NAME",
                description = "the log's name in --published: Sepsis or BPIC13 (default: from LOG's file name)")
        String publishedLog;

        @Option(names = "--inductive-variant", paramLabel = "NAME", defaultValue = "im-clean",
                converter = MineCommand.InductiveVariantConverter.class,
                description = "the IMf implementation, as in mine discover; pm4py-2.2 is the one TraVaS ran (its "
                        + "baseline row then equals TraVaS' published baseline) (default: ${DEFAULT-VALUE})")
        InductiveMiner.Variant inductiveVariant;

        @Override
        public Integer call() {
            PublisherFactory f = options.factory(maxLength);
            PublishedResults reference = null;
            if (published != null) {
                String name = publishedLog != null ? publishedLog : PublishedResults.logName(log);
                if (name == null) {
                    throw new PrivacyException("--published-log is needed: cannot tell from '" + log.getFileName()
                            + "' whether it is Sepsis or BPIC13");
                }
                reference = PublishedResults.read(published, name);
            }
            EventLog original = read.log(log);
            RealLogUtility.Row base;
            List<RealLogUtility.Row> rows;
            try (Progress p = Progress.phase("Utility on " + log.getFileName() + " (" + epsilons.size() + " epsilons x "
                    + options.runs + " runs)")) {
                base = RealLogUtility.baseline(original, inductiveVariant);
                rows = RealLogUtility.evaluate(original, epsilons, options.runs, e -> f.publisher(e, 1), options.noise(),
                        inductiveVariant);
            }
            List<RealLogUtility.Summarized> table = new java.util.ArrayList<>();
            table.addAll(RealLogUtility.summarize(List.of(base)));
            table.addAll(RealLogUtility.summarize(rows));
            if (runsCsv != null) {
                String runs = RealLogUtility.csv(rows);
                AtomicFiles.write(runsCsv, o -> o.write(runs.getBytes(StandardCharsets.UTF_8)));
                spec.commandLine().getOut().printf("runs:      %s%n", runsCsv);
            }
            String name = log.getFileName().toString().replaceFirst("\\..*$", "");
            String csv = RealLogUtility.summaryCsv(table);
            PublishedResults ref = reference;
            options.write(spec, ref == null ? csv : ref.appendTo(csv), dir -> Plots.realLog(name, base, rows, ref, dir));
            return 0;
        }
    }
}
