package io.coalition.mining.inductive;

import io.coalition.eventlog.Classifier;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.io.ReadOptions;
import io.coalition.eventlog.xes.XesReader;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.petri.WorkflowNets;
import io.coalition.mining.tree.ProcessTree;
import io.coalition.mining.tree.Ptml;
import io.coalition.mining.tree.TreeToPetriNet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** pm4py parity on the trees of COALITION_DATA/pm4py-reference/inductive-miner-trees (default ../shared/data). */
class InductiveParityTest {
    static Path data() {
        String env = System.getenv("COALITION_DATA");
        Path base = Path.of(env != null ? env : "../../shared/data");
        if (!Files.isDirectory(base) && env == null) base = Path.of("../shared/data");
        return base;
    }

    static final Classifier LIFECYCLE = new Classifier("Activity+Lifecycle", Classifier.Scope.EVENT,
            List.of("concept:name", "lifecycle:transition"));

    /**
     * The reference trees pm4py 2.0-2.2's log-based miners ({@link InductiveMiner.Variant#PM4PY_PLAIN}: the IM trees
     * with {@code variants/im}, the IMf trees, noise 0.2, with {@code variants/im_f}) reproduce: 4 of the 30 with a
     * log here. The others are printed with both trees; the reference trees are ProM's rather than pm4py's (see
     * {@link #PROM_EQUAL} and README, "Inductive Miner"), while PM4PY_PLAIN follows pm4py 2.2's own code, checked
     * against TraVaS' two pm4py 2.2 baselines (parity/Pm4pyPlainImfSepsisParityTest, Pm4pyPlainImfBpic13ParityTest).
     */
    static final Set<String> EXPECTED_EQUAL = Set.of(
            "activity_classifier/01_running-example-im.ptml", "activity_classifier/01_running-example-imf.ptml",
            "activity_classifier/09_a32f0n00-im.ptml", "activity_classifier/09_a32f0n00-imf.ptml");

    /** The reference trees pm4py 2.3-2.7's framework ({@link InductiveMiner.Variant#PM4PY_FRAMEWORK}) reproduces. */
    static final Set<String> FRAMEWORK_EQUAL = Set.of(
            "activity_classifier/01_running-example-im.ptml", "activity_classifier/01_running-example-imf.ptml",
            "activity_classifier/09_a32f0n00-im.ptml", "activity_classifier/09_a32f0n00-imf.ptml",
            "activity_lifecycle_classifier/04_reviewing-im.ptml", "activity_lifecycle_classifier/04_reviewing-imf.ptml");

    /**
     * The reference trees ProM's Inductive Miner ({@link InductiveMiner.Variant#PROM}) reproduces: the 6 of
     * {@link #FRAMEWORK_EQUAL},
     * the IM trees of 06_bpic2013_closed, 07_bpic2013_incidents and 02_teleclaims, and 10 IMf trees no pm4py
     * variant reproduces (see README, "ProM's Inductive Miner").
     */
    static final Set<String> PROM_EQUAL = Set.of(
            "activity_classifier/01_running-example-im.ptml", "activity_classifier/01_running-example-imf.ptml",
            "activity_classifier/06_bpic2013_closed-im.ptml", "activity_classifier/06_bpic2013_closed-imf.ptml",
            "activity_classifier/07_bpic2013_incidents-im.ptml", "activity_classifier/07_bpic2013_incidents-imf.ptml",
            "activity_classifier/09_a32f0n00-im.ptml", "activity_classifier/09_a32f0n00-imf.ptml",
            "activity_classifier/12_roadtraffic_1t_per_variant-imf.ptml",
            "activity_classifier/13_SEPSIS_1t_per_variant-imf.ptml",
            "activity_classifier/14_Billing_1t_per_variant-imf.ptml",
            "activity_classifier/16_bpic2019_1t_per_variant-imf.ptml",
            "activity_classifier/19_roadtraffic_1t_per_variant-imf.ptml",
            "activity_lifecycle_classifier/02_teleclaims-im.ptml", "activity_lifecycle_classifier/02_teleclaims-imf.ptml",
            "activity_lifecycle_classifier/03_repairExample-imf.ptml",
            "activity_lifecycle_classifier/17_bpic2012_1t_per_variant-imf.ptml",
            "activity_lifecycle_classifier/04_reviewing-im.ptml", "activity_lifecycle_classifier/04_reviewing-imf.ptml");

    static Path logFor(String stem) {
        Path xes = data().resolve("xes");
        for (Path p : List.of(xes.resolve(stem + ".xes.gz"), xes.resolve(stem + ".xes"),
                xes.resolve(stem.replaceFirst("^\\d\\d_", "") + ".xes"),
                xes.resolve("synthetic").resolve(stem.replaceFirst("^\\d\\d_", "") + ".xes.gz"))) {
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }

    record Case(Path ptml, Path log, Classifier classifier, double noise) {
        String name() {
            return ptml.getParent().getFileName() + "/" + ptml.getFileName();
        }
    }

    static List<Case> cases() throws Exception {
        Path dir = data().resolve("pm4py-reference/inductive-miner-trees");
        List<Case> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(x -> x.toString().endsWith(".ptml")).sorted().toList()) {
                String f = p.getFileName().toString();
                boolean imf = f.endsWith("-imf.ptml");
                String stem = f.substring(0, f.length() - (imf ? "-imf.ptml" : "-im.ptml").length());
                Path log = logFor(stem);
                if (log == null) continue;
                Classifier c = p.getParent().getFileName().toString().equals("activity_lifecycle_classifier") ? LIFECYCLE : Classifier.ACTIVITY;
                out.add(new Case(p, log, c, imf ? InductiveMiner.DEFAULT_NOISE : 0.0));
            }
        }
        return out;
    }

    @Test
    void treesEqualPm4pysUpToCommutativeOrderAndNetsAreSound() throws Exception {
        List<Case> cases = cases();
        Assumptions.assumeTrue(!cases.isEmpty(), "COALITION_DATA not available");
        List<String> differ = new ArrayList<>();
        List<String> unsound = new ArrayList<>();
        List<String> equal = new ArrayList<>();
        List<String> frameworkEqual = new ArrayList<>();
        List<String> promEqual = new ArrayList<>();
        List<String> promUnsound = new ArrayList<>();
        for (Case c : cases) {
            EventLog el = XesReader.read(c.log(), ReadOptions.DEFAULT);
            IndexedLog log = IndexedLog.of(el, c.classifier());
            long t0 = System.nanoTime();
            ProcessTree mine = InductiveMiner.mine(log, c.noise(), InductiveMiner.Variant.PM4PY_PLAIN);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            ProcessTree ref = Ptml.read(c.ptml()).fold();
            boolean eq = mine.equalsUpToCommutativeOrder(ref);
            System.out.println((eq ? "EQUAL  " : "DIFFER ") + c.name() + " (" + ms + " ms, " + mine.size() + " vs " + ref.size() + " nodes)");
            if (eq) equal.add(c.name());
            // pm4py 2.7's framework: the reference trees are older, it matches the same ones
            if (InductiveMiner.mine(log, c.noise(), InductiveMiner.Variant.PM4PY_FRAMEWORK).equalsUpToCommutativeOrder(ref)) {
                frameworkEqual.add(c.name());
            }
            ProcessTree prom = InductiveMiner.mine(log, c.noise(), InductiveMiner.Variant.PROM);
            boolean promEq = prom.equalsUpToCommutativeOrder(ref);
            System.out.println("  PROM " + (promEq ? "EQUAL" : "DIFFER") + " (" + prom.size() + " nodes)");
            if (promEq) promEqual.add(c.name());
            else System.out.println("  prom: " + prom.canonical());
            WorkflowNets.Soundness ps = WorkflowNets.check(TreeToPetriNet.convert(prom), WorkflowNets.DEFAULT_STATE_LIMIT);
            if (!ps.sound()) promUnsound.add(c.name() + ": " + ps.reason());
            if (!eq) {
                System.out.println("  mine: " + mine.canonical());
                System.out.println("  ref : " + ref.canonical());
                if (EXPECTED_EQUAL.contains(c.name())) differ.add(c.name());
            }
            AcceptingPetriNet net = TreeToPetriNet.convert(mine);
            WorkflowNets.Soundness s = WorkflowNets.check(net, WorkflowNets.DEFAULT_STATE_LIMIT);
            if (!s.sound()) unsound.add(c.name() + ": " + s.reason());
            if (c.noise() == 0) {
                // the default variant's IM net too
                WorkflowNets.Soundness d = WorkflowNets.check(TreeToPetriNet.convert(InductiveMiner.mine(log, 0)),
                        WorkflowNets.DEFAULT_STATE_LIMIT);
                if (!d.sound()) unsound.add(c.name() + " (IM_CLEAN): " + d.reason());
            }
        }
        assertThat(unsound).isEmpty();
        assertThat(differ).isEmpty();
        assertThat(equal).containsExactlyInAnyOrderElementsOf(EXPECTED_EQUAL);
        assertThat(frameworkEqual).containsExactlyInAnyOrderElementsOf(FRAMEWORK_EQUAL);
        System.out.println("PROM equal: " + promEqual.size() + " " + promEqual);
        assertThat(promEqual).containsExactlyInAnyOrderElementsOf(PROM_EQUAL);
        // ProM's IM nests activity-concurrent fall-throughs deeply on the large logs: no net is found unsound, five
        // have more reachable markings than the checker explores
        String undecided = ": not decided: more than 200000 reachable markings (unbounded?)";
        assertThat(promUnsound).containsExactlyInAnyOrder(
                "activity_classifier/08_receipt-im.ptml" + undecided,
                "activity_classifier/14_Billing_1t_per_variant-im.ptml" + undecided,
                "activity_classifier/15_bpic2020_permit_log_1t_per_variant-im.ptml" + undecided,
                "activity_classifier/16_bpic2019_1t_per_variant-im.ptml" + undecided,
                "activity_lifecycle_classifier/17_bpic2012_1t_per_variant-im.ptml" + undecided);
    }
}
