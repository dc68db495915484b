package io.coalition.trustedmining;

import io.coalition.eventlog.Classifier;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.TestData;
import io.coalition.eventlog.Trace;
import io.coalition.eventlog.io.ReadOptions;
import io.coalition.eventlog.xes.XesReader;
import io.coalition.mining.Discovery;
import io.coalition.mining.inductive.InductiveMiner;
import io.coalition.mining.declare.Declare;
import io.coalition.mining.declare.DeclareConformance;
import io.coalition.mining.declare.DeclareModel;
import io.coalition.mining.heuristics.HeuristicsParameters;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.petri.Pnml;
import io.coalition.trust.notary.Receipt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Seed 000's convergence claim on CONFINE's data: the model mined through the protocol equals the model mined
 * locally on the merged log.
 */
class ConfineConvergenceTest {
    static final String REQUESTER = "hospital";
    @TempDir
    Path tmp;

    static EventLog read(String relative) {
        return XesReader.read(TestData.require("interorg/confine/" + relative), ReadOptions.DEFAULT);
    }

    static Map<String, EventLog> hospitalScenario(int cases) {
        Map<String, EventLog> logs = new LinkedHashMap<>();
        for (String org : List.of("hospital", "pharma", "specialised")) {
            logs.put(org, read("log_test_cases/" + cases + "/" + org + "_" + cases + ".xes"));
        }
        return logs;
    }

    static UsagePolicy everything() {
        return UsagePolicy.minimal(Set.of(REQUESTER)).withEventAttributes(Set.of("org:resource", "elementId",
                "lifecycle:transition", "processId", "resourceId", "resourceCost"));
    }

    @ParameterizedTest(name = "{0} cases")
    @ValueSource(ints = {128, 256, 512})
    void protocolResultEqualsMiningTheFullLog(int cases) {
        IndexedLog full = IndexedLog.of(read("log_test_cases/" + cases + "/full_log_" + cases + ".xes"), Classifier.ACTIVITY);
        MiningResult r;
        try (SimulatedDeployment d = SimulatedDeployment.start(hospitalScenario(cases), everything(), 100 * 1024, tmp)) {
            r = d.run(EnumSet.of(Analysis.HEURISTICS, Analysis.DFG, Analysis.INDUCTIVE, Analysis.DECLARE), REQUESTER);
        }
        assertThat(r.cases()).isEqualTo(cases);
        assertThat(r.events()).isEqualTo(full.eventCount());
        assertThat(r.heuristics()).contains(Discovery.heuristicsNet(full, HeuristicsParameters.CONFINE));
        assertThat(r.heuristicsPetriNet()).contains(Discovery.heuristics(full, HeuristicsParameters.CONFINE));
        assertThat(r.dfg()).contains(Discovery.dfg(full));
        assertThat(r.declare()).contains(Discovery.declare(full, 0.8, 0.8));
        assertThat(r.inductiveTree()).contains(Discovery.inductiveTree(full, 0.0));
    }

    @Test
    void mergedCasesEqualTheFullLogEventForEvent() {
        // Tied timestamps ("Declare patient healed" and "Prepare clinic documentation") are both hospital events, so
        // the stable provider-order merge reproduces the full log's order exactly.
        for (int cases : new int[]{128, 256, 512}) {
            EventLog merged = CaseMerger.merge(new ArrayList<>(hospitalScenario(cases).values()));
            EventLog full = read("log_test_cases/" + cases + "/full_log_" + cases + ".xes");
            Map<String, Trace> byCase = new LinkedHashMap<>();
            for (Trace t : merged.traces()) byCase.put(t.caseId(), t);
            assertThat(byCase).hasSize(cases);
            for (Trace t : full.traces()) {
                assertThat(byCase.get(t.caseId()).events()).as("case " + t.caseId()).isEqualTo(t.events());
            }
        }
    }

    @Test
    void heuristicsNetIsTheFileOrderNetNotConfinesUnstableTieOrderNet() {
        // CONFINE's reference net (20 places) needs both orders of the tied pair; our deterministic merge keeps the
        // hospital's order and gives coalition-mining's documented file-order net: 19 places, 19 transitions.
        try (SimulatedDeployment d = SimulatedDeployment.start(hospitalScenario(128), everything(), 100 * 1024, tmp)) {
            MiningResult r = d.run(Set.of(Analysis.HEURISTICS), REQUESTER);
            var net = r.heuristicsPetriNet().orElseThrow().net();
            var reference = Pnml.read(TestData.require("interorg/confine/reference-outputs/heuristicsMiner_output.pnml")).net();
            assertThat(net.transitions()).hasSize(reference.transitions().size());
            assertThat(net.places()).hasSize(19);
            assertThat(reference.places()).hasSize(20);
        }
    }

    @Test
    void declareConformanceThroughTheProtocolEqualsCheckingTheFullLog() {
        DeclareModel model = Declare.read(TestData.require("interorg/confine/declare-models/declareModelMotivating.json"));
        IndexedLog full = IndexedLog.of(read("log_test_cases/256/full_log_256.xes"), Classifier.ACTIVITY);
        DeclareConformance.LogResult local = Declare.conformance(full, model);
        try (SimulatedDeployment d = SimulatedDeployment.start(hospitalScenario(256), everything(), 100 * 1024, tmp)) {
            DeclareConformance.LogResult r = d.run(Set.of(Analysis.DECLARE_CONFORMANCE), REQUESTER, Optional.of(model))
                    .declareConformance().orElseThrow();
            assertThat(r.constraints()).isEqualTo(local.constraints());
            assertThat(r.traces()).containsExactlyInAnyOrderElementsOf(local.traces());
            assertThat(r.traces()).hasSize(256);
            assertThat(r.fittingTraces()).isEqualTo(local.fittingTraces());
            assertThatThrownBy(() -> d.run(Set.of(Analysis.DECLARE_CONFORMANCE), REQUESTER))
                    .hasMessage("analysis 'declare-conformance' needs a Declare model");
        }
    }

    @Test
    void eightOrganizationsConvergeToTheLocalMerge() {
        Map<String, EventLog> logs = new LinkedHashMap<>();
        for (String org : List.of("hospital", "administration", "pharma", "lab", "infirmary", "intensive_care",
                "specialised", "test_center")) {
            logs.put(org, read("log_test_organizations/8/" + org + "_8.xes"));
        }
        IndexedLog local = IndexedLog.of(CaseMerger.merge(new ArrayList<>(logs.values())), Classifier.ACTIVITY);
        try (SimulatedDeployment d = SimulatedDeployment.start(logs, everything(), 100 * 1024, tmp)) {
            MiningResult r = d.run(EnumSet.of(Analysis.HEURISTICS, Analysis.DFG), REQUESTER);
            assertThat(r.cases()).isEqualTo(1000);
            assertThat(r.events()).isEqualTo(14544);
            assertThat(r.eventsPerProvider().values()).containsExactly(6424L, 2000L, 2000L, 1000L, 1000L, 848L, 848L, 424L);
            assertThat(r.heuristics()).contains(Discovery.heuristicsNet(local, HeuristicsParameters.CONFINE));
            assertThat(r.dfg()).contains(Discovery.dfg(local));
        }
    }

    @Test
    void bpic13SupportLinesAndSepsisAdmissionsConverge() {
        Map<String, EventLog> bpic = new LinkedHashMap<>();
        for (String line : List.of("1st", "2nd", "3rd")) bpic.put(line, read("bpic13_split_by_support_line/" + line + ".xes"));
        Map<String, EventLog> sepsis = new LinkedHashMap<>();
        for (String part : List.of("Admission_IC", "Admission_NC")) sepsis.put(part, read("sepsis_split_IC_NC_incomplete/" + part + ".xes"));
        for (Map<String, EventLog> logs : List.of(bpic, sepsis)) {
            IndexedLog local = IndexedLog.of(CaseMerger.merge(new ArrayList<>(logs.values())), Classifier.ACTIVITY);
            try (SimulatedDeployment d = SimulatedDeployment.start(logs, everything(), 100 * 1024, tmp.resolve(logs.keySet().iterator().next()))) {
                MiningResult r = d.run(EnumSet.of(Analysis.HEURISTICS, Analysis.DFG, Analysis.DECLARE), REQUESTER);
                assertThat(r.events()).isEqualTo(local.eventCount());
                assertThat(r.heuristics()).contains(Discovery.heuristicsNet(local, HeuristicsParameters.CONFINE));
                assertThat(r.dfg()).contains(Discovery.dfg(local));
                assertThat(r.declare()).contains(Discovery.declare(local, 0.8, 0.8));
            }
        }
    }

    /** Every CONFINE split: IM, IMd (DFG-based, fed incrementally, issue 6) and Declare equal local mining. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"128", "512", "8 organizations", "BPIC 2013", "Sepsis"})
    void inductiveAndDeclareConvergeOnEverySplit(String split) {
        Map<String, EventLog> logs = new LinkedHashMap<>();
        switch (split) {
            case "8 organizations" -> {
                for (String org : List.of("hospital", "administration", "pharma", "lab", "infirmary", "intensive_care",
                        "specialised", "test_center")) logs.put(org, read("log_test_organizations/8/" + org + "_8.xes"));
            }
            case "BPIC 2013" -> {
                for (String line : List.of("1st", "2nd", "3rd")) logs.put(line, read("bpic13_split_by_support_line/" + line + ".xes"));
            }
            case "Sepsis" -> {
                for (String part : List.of("Admission_IC", "Admission_NC")) logs.put(part, read("sepsis_split_IC_NC_incomplete/" + part + ".xes"));
            }
            default -> logs.putAll(hospitalScenario(Integer.parseInt(split)));
        }
        EventLog merged = CaseMerger.merge(new ArrayList<>(logs.values()));
        IndexedLog local = IndexedLog.of(merged, Classifier.ACTIVITY);
        // IMd follows pm4py 1.x's dict order (first occurrence), so it depends on the order of the cases: the
        // protocol's log is in canonical case order (ascending ids), the local merge in order of first appearance
        List<Trace> canonical = new ArrayList<>(merged.traces());
        canonical.sort(java.util.Comparator.comparing(Trace::caseId, io.coalition.trustedmining.ems.CanonicalOrder.CASE_IDS));
        EventLog.Builder inOrder = EventLog.builder();
        canonical.forEach(inOrder::trace);
        IndexedLog localCanonical = IndexedLog.of(inOrder.build(), Classifier.ACTIVITY);
        try (SimulatedDeployment d = SimulatedDeployment.start(logs, everything(), 100 * 1024, tmp)) {
            MiningResult im = d.run(EnumSet.of(Analysis.INDUCTIVE, Analysis.DECLARE), REQUESTER);
            assertThat(im.inductiveTree()).contains(Discovery.inductiveTree(local, 0.0));
            assertThat(im.declare()).contains(Discovery.declare(local, 0.8, 0.8));
            MiningResult imd = d.run(EnumSet.of(Analysis.INDUCTIVE_DFG), REQUESTER);
            assertThat(imd.inductiveTree()).contains(Discovery.inductiveTree(localCanonical, 0.0, InductiveMiner.Variant.PM4PY_IMDF));
            assertThat(imd.inductivePetriNet()).contains(Discovery.inductive(localCanonical, 0.0, InductiveMiner.Variant.PM4PY_IMDF));
            assertThatThrownBy(() -> d.run(EnumSet.of(Analysis.INDUCTIVE, Analysis.INDUCTIVE_DFG), REQUESTER))
                    .hasMessage("analyses 'inductive' and 'inductive-dfg' both produce the inductive model: ask for one");
        }
    }

    @Test
    void everyReleaseIsNotarizedAndItsReceiptFound() {
        try (SimulatedDeployment d = SimulatedDeployment.start(hospitalScenario(128), everything(), 16 * 1024, tmp)) {
            MiningResult r = d.run(Set.of(Analysis.DFG), REQUESTER);
            for (int i = 0; i < r.providers().size(); i++) {
                MiningResult.ProviderReport p = r.providers().get(i);
                assertThat(p.segments()).isEqualTo(d.providers().get(i).segmentCount()).isGreaterThan(0);
                assertThat(p.receipts()).hasSize(p.segments() + 1);
                // the releases and, first, the provider's release record (notarized with its first case index)
                assertThat(d.notary(i).log().size()).isEqualTo(p.segments() + 2);
                assertThat(d.providers().get(i).releaseRecordReceipt().orElseThrow().position()).isZero();
                for (Receipt receipt : p.receipts()) assertThat(d.notary(i).lookup(receipt.hash())).contains(receipt);
                assertThat(p.attestation().claims().measurementHex()).isEqualTo(r.minerMeasurement());
                assertThat(p.attestation().hardwareBacked()).isFalse();
            }
            assertThat(r.providers().get(0).segments()).isGreaterThan(1);
        }
    }
}
