package io.coalition.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.TestData;
import io.coalition.eventlog.Trace;
import io.coalition.eventlog.io.LogFiles;
import io.coalition.eventlog.io.ReadOptions;
import io.coalition.trust.pki.CertificateAuthority;
import io.coalition.trust.pki.ParticipantType;
import io.coalition.trust.pki.Pem;
import io.coalition.trustedmining.CaseMerger;
import io.coalition.trustedmining.CaseSelection;
import io.coalition.trustedmining.ems.JdbcEventTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.coalition.app.MainTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code provider serve}'s case selection options (the usage policy's "which cases"), {@code --jdbc} on an H2 file
 * database without a server, and the port-in-use message.
 */
class ProviderCasePolicyCommandTest {
    @TempDir
    Path tmp;

    private static MainTest.Result serve(String... caseOptions) {
        List<String> args = new ArrayList<>(List.of("provider", "serve", "--org", "hospital", "--log", "h.xes", "--cert", "c.crt",
                "--key", "c.key", "--ca", "ca.crt", "--crl", "crl.pem", "--sim-platform", "sim.pub", "--allow-requester", "requester"));
        args.addAll(List.of(caseOptions));
        return run(args.toArray(String[]::new));
    }

    private static void assertRefused(MainTest.Result r, String message) {
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: " + message);
    }

    @Test
    void caseOptionErrorsAreOneLineNamingTheOption() throws Exception {
        assertRefused(serve("--cases-from", "2022-13-01"),
                "--cases-from: '2022-13-01' is not a date or time (expected e.g. 2022-02-01 or 2022-02-01T08:00:00Z)");
        assertRefused(serve("--cases-until", "yesterday"),
                "--cases-until: 'yesterday' is not a date or time (expected e.g. 2022-02-01 or 2022-02-01T08:00:00Z)");
        assertRefused(serve("--cases-from", "2022-05-01", "--cases-until", "2022-02-01T00:00:00Z"),
                "--cases-from 2022-05-01T00:00:00Z is not before --cases-until 2022-02-01T00:00:00Z");
        Path missing = tmp.resolve("nope.txt");
        assertRefused(serve("--release-cases-file", missing.toString()), "--release-cases-file " + missing + ": no such file");
        Path empty = Files.writeString(tmp.resolve("empty.txt"), "# none yet\n\n");
        assertRefused(serve("--withhold-cases-file", empty.toString()), "--withhold-cases-file " + empty + ": no case ids in it");
        assertRefused(serve("--case-attribute", "ward"), "--case-attribute ward: expected KEY=VALUE[,VALUE...]");
        assertRefused(serve("--case-attribute", "ward=,"), "--case-attribute ward=,: no values");
        assertRefused(serve("--case-attribute", "ward=a", "--case-attribute", "ward=b"),
                "--case-attribute: attribute ward is given twice (give its values in one option)");
        assertRefused(serve("--case-attribute-range", "amount=1000"),
                "--case-attribute-range amount=1000: expected KEY=MIN..MAX (either end may be left out, e.g. amount=..1000)");
        assertRefused(serve("--case-attribute-range", "amount=ten..20"), "--case-attribute-range amount=ten..20: 'ten' is not a number, date or time");
        assertRefused(serve("--case-attribute-range", "amount=20..10"), "--case-attribute-range amount=20..10: range [20, 10] is empty");
        assertRefused(serve("--case-attribute-range", "amount=.."), "--case-attribute-range amount=..: a range needs an end");
        assertRefused(serve("--case-attribute-range", "amount=1..", "--case-attribute-range", "amount=..9"),
                "--case-attribute-range amount=..9: range of amount is given twice");
        MainTest.Result help = run("provider", "serve", "--help");
        assertThat(help.out()).contains("--release-cases-file=FILE", "--withhold-cases-file=FILE", "--cases-from=DATE|INSTANT",
                "--cases-until=DATE|INSTANT", "--case-attribute=KEY=V1,V2", "--case-attribute-range=KEY=MIN..MAX");
    }

    @Test
    void rangeOptionsBecomeRangesOfTheSelection() {
        CaseOptions o = new CaseOptions();
        o.ranges = List.of("amount=..1000", "age=18.5..", "score=-1..1e2");
        o.attributes = List.of("ward=icu");
        CaseSelection s = o.selection();
        assertThat(s.describe()).isEqualTo("ward in [icu] and age in [18.5, +inf] and amount in [-inf, 1000] and score in [-1, 100]");
        assertThat(s.ranges().get("amount")).isEqualTo(new CaseSelection.Range(null, new java.math.BigDecimal("1000")));
    }

    /**
     * Three providers on CONFINE's 128-case split, the hospital reading an H2 file database through {@code --jdbc}
     * (no server), all withholding cases 1..10 and releasing only cases started from 1 March 2022: the miner mines
     * exactly the merged log of the released cases, and each provider says how many it releases.
     */
    @Test
    void providersReleaseOnlySelectedCasesAndTheHospitalServesFromAnH2File() throws Exception {
        Map<String, EventLog> logs = new LinkedHashMap<>();
        for (String org : List.of("hospital", "pharma", "specialised")) {
            logs.put(org, LogFiles.read(TestData.require("interorg/confine/log_test_cases/128/" + org + "_128.xes"), ReadOptions.DEFAULT));
        }
        String h2 = "jdbc:h2:file:" + tmp.resolve("db/hospital").toAbsolutePath();
        try (Connection c = DriverManager.getConnection(h2)) {
            assertThat(JdbcEventTables.store(c, "events", logs.get("hospital"), Map.of())).isEqualTo(1201);
        }
        Path withhold = Files.writeString(tmp.resolve("withhold.txt"),
                IntStream.rangeClosed(1, 10).mapToObj(Integer::toString).collect(Collectors.joining("\n")));
        CaseSelection selection = CaseSelection.ALL.withWithhold(CaseSelection.readIds("test", withhold))
                .withStart(Instant.parse("2022-03-01T00:00:00Z"), null);
        List<EventLog> released = new ArrayList<>();
        for (EventLog log : logs.values()) released.add(new EventLog(log.header(), log.traces().stream().filter(selection::test).toList()));
        EventLog merged = CaseMerger.merge(released);
        assertThat(merged.traces()).hasSize(38);

        Path pki = tmp.resolve("pki");
        CertificateAuthority ca = CertificateAuthority.init(pki, "Test CA", Clock.systemUTC());
        Pem.write(pki.resolve("crl.pem"), ca.crl());
        for (String org : logs.keySet()) NetworkMiningCommandTest.issue(ca, pki, org, ParticipantType.LOG_PROVIDER);
        NetworkMiningCommandTest.issue(ca, pki, "requester", ParticipantType.TRUSTED_MINER);
        assertThat(run("miner", "init-sim", "--out", pki.toString()).exit()).isZero();

        List<Thread> servers = new ArrayList<>();
        List<StringWriter> outputs = new ArrayList<>();
        try {
            Map<String, List<String>> options = new LinkedHashMap<>();
            for (String org : logs.keySet()) {
                List<String> o = new ArrayList<>(org.equals("hospital") ? List.of("--jdbc", h2)
                        : List.of("--log", TestData.require("interorg/confine/log_test_cases/128/" + org + "_128.xes").toString()));
                o.addAll(List.of("--allow-requester", "requester", "--withhold-cases-file", withhold.toString(), "--cases-from", "2022-03-01"));
                options.put(org, o);
            }
            Path providers = NetworkMiningCommandTest.startProviders(tmp, pki, options, servers, outputs);
            for (int i = 0; i < released.size(); i++) {
                EventLog all = new ArrayList<>(logs.values()).get(i);
                assertThat(outputs.get(i).toString()).contains("released " + released.get(i).traces().size() + " of 128 cases ("
                        + released.get(i).eventCount() + " of " + all.eventCount() + " events); case selection: withhold list of "
                        + "10 ids and started in [2022-03-01T00:00:00Z, +inf)" + System.lineSeparator()
                        + "withhold list: 10 of 10 ids found");
            }
            Path out = tmp.resolve("out");
            MainTest.Result r = run("miner", "run", "--providers", providers.toString(), "--algorithm", "heuristics,dfg",
                    "--cert", pki.resolve("requester.crt").toString(), "--key", pki.resolve("requester.key").toString(),
                    "--sim-platform", pki.resolve("sim-platform").toString(), "-o", out.toString());
            assertThat(r.exit()).as(r.err() + r.out()).isZero();
            assertThat(r.out()).contains(String.format("mined %,d cases, %,d events for requester", merged.traces().size(),
                    merged.eventCount()));
            // statistics.json: per organization the cases it released
            JsonNode stats = new ObjectMapper().readTree(out.resolve("statistics.json").toFile());
            for (int i = 0; i < released.size(); i++) {
                assertThat(stats.get("providers").get(i).get("cases").asInt()).isEqualTo(released.get(i).traces().size());
            }
            assertThat(released.get(0).traces().stream().map(Trace::caseId)).doesNotContain("1", "5", "10");

            // a second provider on a port already taken: one line, the address without a leading slash
            try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                String port = Integer.toString(taken.getLocalPort());
                MainTest.Result busy = run(providerArgs(pki, "pharma", List.of("--log",
                        TestData.require("interorg/confine/log_test_cases/128/pharma_128.xes").toString()), port));
                assertThat(busy.exit()).isEqualTo(2);
                assertThat(busy.err().strip()).isEqualTo("coalition: provider pharma: cannot listen on 127.0.0.1:" + port
                        + ": Address already in use");
            }
        } finally {
            for (Thread t : servers) t.interrupt();
            for (Thread t : servers) t.join();
        }
    }

    private String[] providerArgs(Path pki, String org, List<String> source, String port, String... more) {
        List<String> args = new ArrayList<>(List.of("provider", "serve", "--org", org));
        args.addAll(source);
        args.addAll(List.of("--port", port, "--cert", pki.resolve(org + ".crt").toString(),
                "--key", pki.resolve(org + ".key").toString(), "--ca", pki.resolve("ca.crt").toString(),
                "--crl", pki.resolve("crl.pem").toString(), "--sim-platform", pki.resolve("sim-platform.pub").toString(),
                "--allow-requester", "requester", "--notary", tmp.resolve(org + "-" + port + ".notary").toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }
}
