package io.coalition.streamaccess.filter;

import io.coalition.eventlog.ProgressListener;
import io.coalition.eventlog.TestData;
import io.coalition.streamaccess.StreamAccess;
import io.coalition.streamaccess.policy.RequesterPolicy;
import io.coalition.streamaccess.policy.StreamPolicies;
import io.coalition.streamaccess.rdf.ProcessTriple;
import io.coalition.streamaccess.rdf.XesToRdf;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.sparql.graph.GraphFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DecisionPoints of more than one triple pattern, decided by direct matching (the example policies all use one
 * pattern, which the arriving triple satisfies): the seed policy (thresholds / 10) with a two-pattern DecisionPoint
 * joined on the process and filtered gives, on the first 300 BPIC 2012 cases, what the static baseline (DecisionPoint
 * by SPARQL ASK) and the offline oracle give; one that never holds leaves every process to the end of the stream.
 */
class DecisionPointTest {
    private static final String SEED_DP = "?process ebtic-bpm:endTime ?end";

    @TempDir
    Path tmp;

    @Test
    void joinedAndFilteredDecisionPointDecidesAtTheCaseEnd() throws IOException {
        RequesterPolicy p = policy("?process log:caseId ?id . ?process ebtic-bpm:endTime ?end FILTER(bound(?id))");
        Run run = run(p);
        assertThat(run.dynamic).isEqualTo(run.baseline).isEqualTo(run.oracle);
        assertThat(run.filter.withheldLate()).isZero();
        assertThat(run.releasedBeforeFinish).isEqualTo(run.dynamic.size()); // every case decided at its end triple
        // the policy did hide agent types and replace them
        assertThat(run.filter.deniedOrAllowed()).isNotEmpty();
        assertThat(run.filter.alternatives()).isNotEmpty();
        // one direct evaluation per caseId or process endTime triple (two per case) plus the per-process decisions
        assertThat(run.filter.queries()).isGreaterThanOrEqualTo(2L * run.cases);
    }

    @Test
    void decisionPointThatNeverHoldsLeavesEveryProcessToTheEnd() throws IOException {
        RequesterPolicy p = policy("?process ebtic-bpm:endTime ?end . ?process log:caseId ?id FILTER(?id = \"none\")");
        Run run = run(p);
        assertThat(run.dynamic).isEqualTo(run.baseline).isEqualTo(run.oracle);
        assertThat(run.releasedBeforeFinish).isLessThan(run.dynamic.size()); // candidates waited for finish()
    }

    private RequesterPolicy policy(String decisionPoint) throws IOException {
        String xml;
        try (var in = StreamAccess.class.getResourceAsStream("policies/bpic2012/loan-analyst-scaled.xml")) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(xml).contains(SEED_DP);
        Files.writeString(tmp.resolve("dp.xml"), xml.replace(SEED_DP, decisionPoint));
        try (StreamPolicies sp = StreamPolicies.load(tmp)) {
            return sp.forRequester("dp", StreamPolicies.request("bpic2012", Map.of("role", "process-analyst-scaled")));
        }
    }

    private record Run(DynamicFilter filter, Set<ProcessTriple> dynamic, Set<ProcessTriple> baseline,
                       Set<ProcessTriple> oracle, int cases, int releasedBeforeFinish) {
    }

    private static Run run(RequesterPolicy p) {
        Set<ProcessTriple> dynamic = new HashSet<>();
        Set<ProcessTriple> baseline = new HashSet<>();
        DynamicFilter d = new DynamicFilter(p, dynamic::add);
        StaticFilter s = new StaticFilter(p, baseline::add);
        Map<Node, Graph> cases = new LinkedHashMap<>();
        try {
            XesToRdf.bpic2012().stream(TestData.require("xes/bpic2012.xes.gz"), ProgressListener.NONE, block -> {
                if (cases.size() == 300) throw new IllegalStateException("enough");
                for (ProcessTriple t : block) {
                    d.accept(t);
                    s.accept(t);
                    cases.computeIfAbsent(t.process(), k -> GraphFactory.createDefaultGraph()).add(t.triple());
                }
            });
        } catch (IllegalStateException enough) {
            // the first 300 cases
        }
        int before = dynamic.size();
        d.finish();
        s.finish();
        Set<ProcessTriple> oracle = new HashSet<>();
        cases.forEach((process, g) -> OfflineOracle.apply(p, process, g).find()
                .forEachRemaining(t -> oracle.add(new ProcessTriple(process, t))));
        return new Run(d, dynamic, baseline, oracle, cases.size(), before);
    }
}
