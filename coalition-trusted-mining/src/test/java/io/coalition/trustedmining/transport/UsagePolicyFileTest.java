package io.coalition.trustedmining.transport;

import io.coalition.trustedmining.Analysis;
import io.coalition.trustedmining.CaseSelection;
import io.coalition.trustedmining.TrustedMiningException;
import io.coalition.trustedmining.UsagePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsagePolicyFileTest {
    @TempDir
    Path tmp;

    private Path write(String json) throws Exception {
        return Files.writeString(tmp.resolve("policy.json"), json);
    }

    @Test
    void readsGrantsInOrderWithTheirCasesAndDefaults() throws Exception {
        Files.createDirectories(tmp.resolve("lists"));
        Files.writeString(tmp.resolve("lists/withheld.txt"), "# at the patients' request\n7\n 9 \n");
        Path file = write("""
                {"grants": [
                  {"requesters": ["hospital", "clinic"], "eventAttributes": ["org:resource"]},
                  {"requesters": ["insurer"], "analyses": ["dfg", "HEURISTICS"],
                   "cases": {"withholdFile": "lists/withheld.txt", "startedFrom": "2022-02-01",
                             "startedUntil": "2022-05-01T08:00:00+02:00",
                             "attributes": {"department": ["cardiology", "surgery"]},
                             "ranges": {"age": "18..65", "amount": "..1000"}}}
                ]}""");
        List<UsagePolicy> grants = UsagePolicyFile.read(file);
        assertThat(grants).hasSize(2);
        UsagePolicy network = grants.get(0);
        assertThat(network.recipients()).containsExactlyInAnyOrder("hospital", "clinic");
        assertThat(network.analyses()).isEqualTo(EnumSet.allOf(Analysis.class));
        assertThat(network.eventAttributes()).containsExactlyInAnyOrder("org:resource", "concept:name", "time:timestamp");
        assertThat(network.cases().all()).isTrue();
        UsagePolicy insurer = grants.get(1);
        assertThat(insurer.analyses()).containsExactlyInAnyOrder(Analysis.DFG, Analysis.HEURISTICS);
        assertThat(insurer.eventAttributes()).containsExactlyInAnyOrder("concept:name", "time:timestamp");
        CaseSelection cases = insurer.cases();
        assertThat(cases.withhold()).containsExactlyInAnyOrder("7", "9");
        assertThat(cases.from()).isEqualTo(Instant.parse("2022-02-01T00:00:00Z"));
        assertThat(cases.until()).isEqualTo(Instant.parse("2022-05-01T06:00:00Z"));
        assertThat(cases.attributes()).containsEntry("department", Set.of("cardiology", "surgery"));
        assertThat(cases.ranges()).containsEntry("age", new CaseSelection.Range(new BigDecimal("18"), new BigDecimal("65")))
                .containsEntry("amount", new CaseSelection.Range(null, new BigDecimal("1000")));
    }

    @Test
    void badFilesAreRefusedNamingTheFileAndField() throws Exception {
        Path f = tmp.resolve("policy.json");
        refused("{\"grants\": []}", f + ": field 'grants' missing or not a non-empty array");
        refused("{\"grant\": [{}]}", f + ": unknown field 'grant', expected grants");
        refused("{\"grants\": [{\"requesters\": [\"a\"], \"analysis\": [\"dfg\"]}]}",
                f + ": grants[0]: unknown field 'analysis', expected requesters, analyses, eventAttributes, cases");
        refused("{\"grants\": [{\"analyses\": [\"dfg\"]}]}", f + ": grants[0].requesters: expected a non-empty array of strings");
        refused("{\"grants\": [{\"requesters\": [\"a\", \"a\"]}]}", f + ": grants[0].requesters[1]: 'a' is listed twice");
        refused("{\"grants\": [{\"requesters\": [\"a\"], \"analyses\": [\"mine-everything\"]}]}", f + ": grants[0].analyses: "
                + "unknown analysis 'mine-everything', expected one of [heuristics, dfg, inductive, inductive-dfg, declare, declare-conformance]");
        refused("{\"grants\": [{\"requesters\": [\"a\"], \"cases\": {\"withholdFlie\": \"w.txt\"}}]}",
                f + ": grants[0].cases: unknown field 'withholdFlie', expected releaseFile, withholdFile, startedFrom, startedUntil, "
                        + "attributes, ranges");
        refused("{\"grants\": [{\"requesters\": [\"a\"], \"cases\": {\"withholdFile\": \"none.txt\"}}]}",
                f + ": grants[0].cases.withholdFile " + tmp.resolve("none.txt") + ": no such file");
        refused("{\"grants\": [{\"requesters\": [\"a\"], \"cases\": {\"startedFrom\": \"2022-13-01\"}}]}", f + ": grants[0].cases"
                + ".startedFrom: '2022-13-01' is not a date or time (expected e.g. 2022-02-01 or 2022-02-01T08:00:00Z)");
        refused("{\"grants\": [{\"requesters\": [\"a\"], \"cases\": {\"startedFrom\": \"2022-03-01\", \"startedUntil\": \"2022-02-01\"}}]}",
                f + ": grants[0].cases: startedFrom 2022-03-01T00:00:00Z is not before startedUntil 2022-02-01T00:00:00Z");
        refused("{\"grants\": [{\"requesters\": [\"a\"], \"cases\": {\"ranges\": {\"age\": \"old\"}}}]}",
                f + ": grants[0].cases.ranges.age: expected MIN..MAX (either end may be left out, e.g. ..1000)");
        refused("{\"grants\": [{\"requesters\": [\"a\"], \"cases\": {\"ranges\": {\"age\": \"x..3\"}}}]}",
                f + ": grants[0].cases.ranges.age: 'x' is not a number, date or time");
        refused("{\"grants\": [{\"requesters\": [\"a\"], \"cases\": {\"ranges\": {\"age\": \"9..3\"}}}]}",
                f + ": grants[0].cases.ranges.age: range [9, 3] is empty");
        refused("{\"grants\": [{\"requesters\": [\"a\"], \"cases\": {\"ranges\": {\"age\": 30}}}]}",
                f + ": grants[0].cases.ranges.age: expected a string \"MIN..MAX\"");
        refused("{\"grants\": [{\"requesters\": [\"a\"], \"cases\": {\"attributes\": {\"ward\": []}}}]}",
                f + ": grants[0].cases.attributes.ward: expected a non-empty array of strings");
        // a field given twice means two things: refused, not the last one silently
        refused("{\"grants\": [{\"requesters\": [\"a\"], \"requesters\": [\"b\"]}]}",
                f + ":1:47: not valid JSON: Duplicate field 'requesters'");
    }

    @Test
    void aGrantAnEarlierOneShadowsIsRefused() throws Exception {
        Path f = tmp.resolve("policy.json");
        refused("""
                {"grants": [{"requesters": ["insurer", "auditor"]},
                            {"requesters": ["insurer"], "analyses": ["dfg"], "cases": {"ranges": {"amount": "..1000"}}}]}""",
                f + ": grants[1] is never used: earlier grants come first for every requester and analysis it names "
                        + "(put the narrower grant first)");
        // the narrower grant first: both are used (the insurer's DFG sessions by the first, its others by the second)
        assertThat(UsagePolicyFile.read(write("""
                {"grants": [{"requesters": ["insurer"], "analyses": ["dfg"], "cases": {"ranges": {"amount": "..1000"}}},
                            {"requesters": ["insurer", "auditor"]}]}"""))).hasSize(2);
    }

    private void refused(String json, String message) throws Exception {
        Path file = write(json);
        assertThatThrownBy(() -> UsagePolicyFile.read(file)).isInstanceOf(TrustedMiningException.class).hasMessage(message);
    }
}
