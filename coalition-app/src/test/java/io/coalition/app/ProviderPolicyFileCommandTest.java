package io.coalition.app;

import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.TestData;
import io.coalition.eventlog.io.LogFiles;
import io.coalition.eventlog.io.ReadOptions;
import io.coalition.trust.pki.CertificateAuthority;
import io.coalition.trust.pki.ParticipantType;
import io.coalition.trust.pki.Pem;
import io.coalition.trustedmining.CaseMerger;
import io.coalition.trustedmining.CaseSelection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.coalition.app.MainTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code provider serve --policy FILE}: a usage policy of grants per requester and analysis, end to end. */
class ProviderPolicyFileCommandTest {
    @TempDir
    Path tmp;

    private static final String POLICY = """
            {"grants": [
              {"requesters": ["requester"], "analyses": ["heuristics", "dfg"]},
              {"requesters": ["auditor"], "analyses": ["dfg"], "cases": {"startedFrom": "2022-03-01"}}
            ]}""";

    private static MainTest.Result serve(String... more) {
        List<String> args = new ArrayList<>(List.of("provider", "serve", "--org", "hospital", "--log", "h.xes", "--cert", "c.crt",
                "--key", "c.key", "--ca", "ca.crt", "--crl", "crl.pem", "--sim-platform", "sim.pub"));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    private static void assertRefused(MainTest.Result r, String message) {
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: " + message);
    }

    @Test
    void thePolicyComesFromTheFileOrTheOptionsNeverBoth() throws Exception {
        Path policy = Files.writeString(tmp.resolve("policy.json"), POLICY);
        assertRefused(serve(), "give --allow-requester ORG[,ORG...] or --policy FILE");
        for (List<String> option : List.of(List.of("--allow-requester", "requester"), List.of("--allow-analysis", "dfg"),
                List.of("--release-attribute", "org:resource"), List.of("--cases-from", "2022-01-01"),
                List.of("--case-attribute-range", "age=1..2"))) {
            List<String> args = new ArrayList<>(List.of("--policy", policy.toString()));
            args.addAll(option);
            assertRefused(serve(args.toArray(String[]::new)), "--policy " + policy + " and " + option.get(0)
                    + " cannot be combined: the policy file says what is released, to whom and for which analysis");
        }
        Path bad = Files.writeString(tmp.resolve("bad.json"), "{\"grants\": [{\"requesters\": [\"auditor\"], \"analyses\": [\"all\"]}]}");
        assertRefused(serve("--policy", bad.toString()), "--policy " + bad + ": grants[0].analyses: unknown analysis 'all', "
                + "expected one of [heuristics, dfg, inductive, inductive-dfg, declare, declare-conformance]");
        assertThat(run("provider", "serve", "--help").out()).contains("--policy=FILE");
    }

    /**
     * Two providers on CONFINE's 128-case split under one policy file: the requester mines every case; the auditor
     * only the DFG of the cases started from 1 March 2022, and nothing else.
     */
    @Test
    void eachRequesterGetsWhatItsGrantReleases() throws Exception {
        Map<String, EventLog> logs = new LinkedHashMap<>();
        for (String org : List.of("hospital", "pharma")) {
            logs.put(org, LogFiles.read(TestData.require("interorg/confine/log_test_cases/128/" + org + "_128.xes"), ReadOptions.DEFAULT));
        }
        CaseSelection march = CaseSelection.ALL.withStart(Instant.parse("2022-03-01T00:00:00Z"), null);
        List<EventLog> released = new ArrayList<>();
        for (EventLog log : logs.values()) released.add(new EventLog(log.header(), log.traces().stream().filter(march::test).toList()));
        EventLog auditorLog = CaseMerger.merge(released);
        assertThat(auditorLog.traces().size()).isBetween(10, 127);

        Path pki = tmp.resolve("pki");
        CertificateAuthority ca = CertificateAuthority.init(pki, "Test CA", Clock.systemUTC());
        Pem.write(pki.resolve("crl.pem"), ca.crl());
        for (String org : logs.keySet()) NetworkMiningCommandTest.issue(ca, pki, org, ParticipantType.LOG_PROVIDER);
        for (String org : List.of("requester", "auditor")) NetworkMiningCommandTest.issue(ca, pki, org, ParticipantType.TRUSTED_MINER);
        assertThat(run("miner", "init-sim", "--out", pki.toString()).exit()).isZero();
        Path policy = Files.writeString(tmp.resolve("policy.json"), POLICY);

        List<Thread> servers = new ArrayList<>();
        List<StringWriter> outputs = new ArrayList<>();
        try {
            Map<String, List<String>> options = new LinkedHashMap<>();
            for (String org : logs.keySet()) {
                options.put(org, List.of("--log", TestData.require("interorg/confine/log_test_cases/128/" + org + "_128.xes").toString(),
                        "--policy", policy.toString()));
            }
            Path providers = NetworkMiningCommandTest.startProviders(tmp, pki, options, servers, outputs);
            EventLog hospital = logs.get("hospital");
            assertThat(outputs.get(0).toString()).contains(
                    "grant 1 (requester): released 128 of 128 cases (" + hospital.eventCount() + " of " + hospital.eventCount()
                            + " events); case selection: all cases",
                    "grant 2 (auditor): released " + released.get(0).traces().size() + " of 128 cases (" + released.get(0).eventCount()
                            + " of " + hospital.eventCount() + " events); case selection: started in [2022-03-01T00:00:00Z, +inf)");

            MainTest.Result requester = mine(pki, providers, "requester", "heuristics,dfg");
            assertThat(requester.exit()).as(requester.err() + requester.out()).isZero();
            assertThat(requester.out()).contains("mined 128 cases");
            MainTest.Result auditor = mine(pki, providers, "auditor", "dfg");
            assertThat(auditor.exit()).as(auditor.err() + auditor.out()).isZero();
            assertThat(auditor.out()).contains(String.format("mined %,d cases, %,d events for auditor", auditorLog.traces().size(),
                    auditorLog.eventCount()));
            assertRefused(mine(pki, providers, "auditor", "heuristics"),
                    "provider hospital: analysis 'heuristics' is not allowed by its usage policy for requester 'auditor' (allowed: [dfg])");
        } finally {
            for (Thread t : servers) t.interrupt();
            for (Thread t : servers) t.join();
        }
    }

    private MainTest.Result mine(Path pki, Path providers, String as, String algorithms) {
        return run("miner", "run", "--providers", providers.toString(), "--algorithm", algorithms,
                "--cert", pki.resolve(as + ".crt").toString(), "--key", pki.resolve(as + ".key").toString(),
                "--sim-platform", pki.resolve("sim-platform").toString(), "-o", tmp.resolve("out-" + as + "-" + algorithms).toString());
    }
}
