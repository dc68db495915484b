package io.coalition.mining.inductive;

import io.coalition.eventlog.Classifier;
import io.coalition.eventlog.TestData;
import io.coalition.eventlog.io.ReadOptions;
import io.coalition.eventlog.xes.XesReader;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.petri.WorkflowNets;
import io.coalition.mining.tree.ProcessTree;
import io.coalition.mining.tree.TreeToPetriNet;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link InductiveMiner.Variant#PM4PY_IMDF} with noise on the logs of {@code pm4py-reference/pm_extr_report.txt}
 * (read as {@code conformance/PmExtrImdfTest} reads them). Noise 0 gives the trees the port gave before the noise
 * pass existed (their SHA-256, taken from that code); with noise the trees equal those up to the order of a
 * flower's choices (the report's version discards the cut its second iteration finds), and the nets are sound.
 */
class DfgInductiveMinerNoiseParityTest {
    private static final Classifier LIFECYCLE = new Classifier("Activity classifier", Classifier.Scope.EVENT,
            List.of("concept:name", "lifecycle:transition"));

    /**
     * A log, the SHA-256 of its noise-0 tree, and at noise 0.2 the passes on nodes of the tree, how many of those
     * found a cut on the cleaned DFG, the edges they dropped, and the passes inside discarded parts.
     */
    record Case(String file, Classifier classifier, String sha256, int passes, int cutsOnCleaned, int droppedEdges,
                int discardedPasses) {
    }

    private static final List<Case> CASES = List.of(
            new Case("running-example.xes", Classifier.ACTIVITY,
                    "506b41d53f88cecd542449fc4a0b14a515d482d9eab91ec1d41950cebc69b76f", 0, 0, 0, 0),
            new Case("synthetic/a32f0n00.xes.gz", Classifier.ACTIVITY,
                    "60e638980a0c0d4b8cb9de1724252c5cb359753c189a9b10f33664ca6a838614", 0, 0, 0, 0),
            new Case("reviewing.xes", LIFECYCLE,
                    "0612bd285b9d147601b653e42232d4715c4d7849d96f7d894b93812dea098123", 0, 0, 0, 0),
            new Case("02_teleclaims.xes.gz", LIFECYCLE,
                    "d6554b5c254f7ad06ae14d3a848293f2eeaabb085994bf4edcd4832929885743", 0, 0, 0, 0),
            new Case("03_repairExample.xes.gz", LIFECYCLE,
                    "e56c20bd8de6c561c0bfaa47333bdfbcae4db3eafb89f68f4e35d6f0ca0499b6", 1, 0, 0, 0),
            new Case("08_receipt.xes.gz", LIFECYCLE,
                    "46f1ce3586579bf34364cc9cd2536b56e6ab118cd631c98ffc7a865361ceea11", 2, 2, 32, 0),
            new Case("07_bpic2013_incidents.xes.gz", LIFECYCLE,
                    "1fee73bbf72c3ae883ab93694fd9f6dc8f98a39ea13976a995b3779cb452812a", 4, 1, 44, 4),
            new Case("06_bpic2013_closed.xes.gz", LIFECYCLE,
                    "d9a0cda26b773760a3a599cb056947ef80cce1648a1d8f83e9de0bb469933256", 4, 0, 0, 0));

    static IndexedLog log(Case c) {
        return IndexedLog.of(XesReader.read(TestData.require("xes/" + c.file()), ReadOptions.DEFAULT), c.classifier());
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void noiseZeroIsTheTreeOfBeforeAndNoiseOnlyReordersFlowersOnEveryReportLog() {
        for (Case c : CASES) {
            IndexedLog log = log(c);
            ProcessTree plain = InductiveMiner.mine(log, 0, InductiveMiner.Variant.PM4PY_IMDF);
            assertThat(sha256(plain.toString())).as(c.file()).isEqualTo(c.sha256());
            assertThat(DfgInductiveMiner.mineTraced(log, 0).noisePasses()).as(c.file()).isEmpty();

            DfgInductiveMiner.Traced noisy = DfgInductiveMiner.mineTraced(log, 0.2);
            List<DfgInductiveMiner.NoisePass> kept = noisy.noisePasses().stream().filter(p -> !p.inDiscardedPart()).toList();
            assertThat(kept).as(c.file()).hasSize(c.passes());
            assertThat(kept.stream().filter(p -> !p.cutOnCleaned().equals("flower")).count()).as(c.file())
                    .isEqualTo(c.cutsOnCleaned());
            assertThat(kept.stream().mapToInt(p -> p.droppedEdges().size()).sum()).as(c.file()).isEqualTo(c.droppedEdges());
            assertThat(noisy.noisePasses().size() - kept.size()).as(c.file()).isEqualTo(c.discardedPasses());
            assertThat(noisy.tree().equalsUpToCommutativeOrder(plain)).as(c.file()).isTrue();
            assertThat(WorkflowNets.isSound(TreeToPetriNet.convertAsPm4py1(noisy.tree()))).as(c.file()).isTrue();
            assertThat(WorkflowNets.isSound(TreeToPetriNet.convert(noisy.tree()))).as(c.file()).isTrue();
        }
    }

    @Test
    void receiptsFlowerKeepsItsChoicesInSortedOrderWhileTheCleanedDfgHasAnXorCut() {
        // the depth-3 node of receipt: no cut; at 0.2 the second iteration drops 6 edges and finds an XOR of three
        // parts, which pm4py discards; the flower lists its choices sorted (get_activities_from_dfg)
        DfgInductiveMiner.Traced noisy = DfgInductiveMiner.mineTraced(log(CASES.get(5)), 0.2);
        DfgInductiveMiner.NoisePass p = noisy.noisePasses().get(1);
        assertThat(p.depth()).isEqualTo(3);
        assertThat(p.activities()).containsExactly("T04 Determine confirmation of receipt+complete",
                "T05 Print and send confirmation of receipt+complete", "T10 Determine necessity to stop indication+complete",
                "T14 Determine document X request unlicensed+complete");
        // each below 0.2 x the larger of its two ends' largest edge count
        assertThat(p.droppedEdges()).containsExactly(
                "T04 Determine confirmation of receipt+complete->T10 Determine necessity to stop indication+complete (17)",
                "T10 Determine necessity to stop indication+complete->T05 Print and send confirmation of receipt+complete (102)",
                "T05 Print and send confirmation of receipt+complete->T10 Determine necessity to stop indication+complete (86)",
                "T10 Determine necessity to stop indication+complete->T04 Determine confirmation of receipt+complete (141)",
                "T04 Determine confirmation of receipt+complete->T14 Determine document X request unlicensed+complete (1)",
                "T14 Determine document X request unlicensed+complete->T05 Print and send confirmation of receipt+complete (1)");
        assertThat(p.cutOnCleaned()).isEqualTo("xor");
        assertThat(p.partsOnCleaned()).containsExactly(
                List.of("T04 Determine confirmation of receipt+complete", "T05 Print and send confirmation of receipt+complete"),
                List.of("T10 Determine necessity to stop indication+complete"),
                List.of("T14 Determine document X request unlicensed+complete"));
        assertThat(noisy.tree().toString()).contains("*( X( 'T04 Determine confirmation of receipt+complete', "
                + "'T05 Print and send confirmation of receipt+complete', 'T10 Determine necessity to stop indication+complete', "
                + "'T14 Determine document X request unlicensed+complete' ), tau )");
    }
}
