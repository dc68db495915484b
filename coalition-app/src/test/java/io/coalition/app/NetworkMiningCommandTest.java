package io.coalition.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.TestData;
import io.coalition.eventlog.simulation.SimulationResult;
import io.coalition.trust.pki.CertificateAuthority;
import io.coalition.trust.pki.Enrollment;
import io.coalition.trust.pki.ParticipantAttributes;
import io.coalition.trust.pki.ParticipantType;
import io.coalition.trust.pki.Pem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.coalition.app.MainTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code coalition provider serve}, {@code coalition miner run} and the demo's network run and report. */
class NetworkMiningCommandTest {
    @TempDir
    Path tmp;

    @Test
    void demoMinesOverTheNetworkAndWritesTheReport() throws Exception {
        Path out = tmp.resolve("demo");
        MainTest.Result r = run("demo", "--cases", "40", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        Path mined = out.resolve("trusted-mining");
        SimulationResult sim = SimulateCommand.simulate(SimulateCommand.loadScenario("healthcare"), 42, 40);
        assertThat(r.out()).contains("== trusted mining over HTTPS").contains("SIMULATED enclave, not hardware-backed")
                .contains("mined 40 cases").contains("Report: " + mined.resolve("report.html"))
                .containsPattern("provider hospital +https://127\\.0\\.0\\.1:\\d+/");
        for (String f : List.of("heuristics.pnml", "heuristics.bpmn", "dfg.dot", "declare.json", "statistics.json", "report.json",
                "process-map.svg", "heuristics.svg")) {
            assertThat(mined.resolve(f)).as(f).exists();
        }
        String html = Files.readString(mined.resolve("report.html"));
        JsonNode stats = new ObjectMapper().readTree(mined.resolve("statistics.json").toFile());
        long total = 0;
        int i = 0;
        assertThat(r.out()).contains("(not taking part: insurer; add with --organizations)");
        assertThat(stats.get("providers")).hasSize(3);
        for (String org : DemoCommand.DEFAULT_ORGANIZATIONS) {
            Map.Entry<String, EventLog> e = Map.entry(org, sim.logs().get(org));
            long events = e.getValue().eventCount();
            total += events;
            JsonNode p = stats.get("providers").get(i++);
            assertThat(p.get("organization").asText()).isEqualTo(e.getKey());
            assertThat(p.get("events").asLong()).isEqualTo(events);
            int cases = (int) e.getValue().traces().stream().filter(t -> t.size() > 0).count();
            assertThat(p.get("cases").asInt()).isEqualTo(cases);
            // contribution row: organization, events, share, cases
            assertThat(html).containsPattern("<tr><td>" + e.getKey() + "</td><td class=\"n\">" + events
                    + "</td><td class=\"n\">[0-9.]+%</td><td class=\"n\">" + cases + "</td>");
            // every receipt listed: index + segments
            int receipts = p.get("receipts").asInt();
            assertThat(receipts).isEqualTo(p.get("segments").asInt() + 1);
            assertThat(count(html, "<tr><td>" + e.getKey() + "</td><td>(case index|segment)</td><td>[^<]+</td><td class=\"n\">\\d+</td>"))
                    .isEqualTo(receipts);
            assertThat(html).containsPattern("<tr><td>" + e.getKey() + "</td><td>warning</td><td><code>application/vnd.coalition.sim-evidence.v1</code></td><td>sim \\(simulated\\)</td>");
        }
        assertThat(stats.get("events").asLong()).isEqualTo(total);
        assertThat(stats.get("cases").asInt()).isEqualTo(40);
        assertThat(html).contains("<b>SIMULATED TEE.</b>").contains("<div id=\"process-map\"><svg").doesNotContain("<?xml")
                .doesNotContain("PARTIAL RESULT").containsPattern("<td><code>https://127\\.0\\.0\\.1:\\d+/</code></td><td><code>[0-9a-f]{64}</code>");
    }

    @Test
    void providersServeAndTheMinerRunsFromProvidersJson() throws Exception {
        Path pki = tmp.resolve("pki");
        CertificateAuthority ca = CertificateAuthority.init(pki, "Test CA", Clock.systemUTC());
        Pem.write(pki.resolve("crl.pem"), ca.crl());
        for (String org : List.of("hospital", "pharma", "specialised", "requester")) issue(ca, pki, org);
        assertThat(run("miner", "init-sim", "--out", pki.toString()).exit()).isZero();
        List<Thread> servers = new ArrayList<>();
        List<StringWriter> outputs = new ArrayList<>();
        try {
            Map<String, List<String>> sources = new java.util.LinkedHashMap<>();
            for (String org : List.of("hospital", "pharma", "specialised")) sources.put(org, List.of("--log", confine128(org)));
            Path providers = startProviders(pki, sources, servers, outputs);
            Path out = tmp.resolve("out");
            MainTest.Result r = run("miner", "run", "--providers", providers.toString(), "--algorithm", "heuristics,dfg",
                    "--cert", pki.resolve("requester.crt").toString(), "--key", pki.resolve("requester.key").toString(),
                    "--sim-platform", pki.resolve("sim-platform").toString(), "-o", out.toString());
            assertThat(r.exit()).as(r.err() + r.out()).isZero();
            assertThat(r.out()).contains("mined 128 cases, 1,830 events for requester").contains("Report: " + out.resolve("report.html"));
            JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
            assertThat(report.get("providers").get(1).get("events").asLong()).isEqualTo(384);
            assertThat(tmp.resolve("hospital.notary")).exists();

            // the same miner for an organization the providers do not release to (before any provider stops)
            issue(ca, pki, "stranger");
            MainTest.Result refused = run("miner", "run", "--providers", providers.toString(), "--cert", pki.resolve("stranger.crt").toString(),
                    "--key", pki.resolve("stranger.key").toString(), "--sim-platform", pki.resolve("sim-platform").toString(),
                    "-o", tmp.resolve("refused").toString());
            assertThat(refused.exit()).isEqualTo(2);
            assertThat(refused.err().strip()).isEqualTo("coalition: provider hospital: requester 'stranger' may not receive results "
                    + "(usage policy allows [requester])");

            // pharma stops: the run is explicitly partial (exit 3) and says which provider is missing
            servers.get(1).interrupt();
            servers.get(1).join();
            MainTest.Result partial = run("miner", "run", "--providers", providers.toString(), "--cert", pki.resolve("requester.crt").toString(),
                    "--key", pki.resolve("requester.key").toString(), "--sim-platform", pki.resolve("sim-platform").toString(),
                    "-o", tmp.resolve("partial").toString());
            assertThat(partial.exit()).as(partial.err()).isEqualTo(3);
            assertThat(partial.out()).contains("PARTIAL RESULT: unavailable pharma; mined without its events (0 of the 128 cases "
                    + "were cut off mid-transfer)");
            assertThat(Files.readString(tmp.resolve("partial/report.html"))).contains("<b>PARTIAL RESULT.</b> Unavailable: pharma; the 128 cases were mined without their events (0 of them cut off mid-transfer).");
        } finally {
            for (Thread t : servers) t.interrupt();
            for (Thread t : servers) t.join();
        }
        assertThat(outputs.get(0).toString()).contains("provider hospital stopped");
    }

    @Test
    void providerServesItsEventsFromPostgreSql() throws Exception {
        String url = System.getenv("COALITION_PG_URL");
        if (url == null) {
            String reason = "COALITION_PG_URL is not set (.ci/run starts PostgreSQL and sets it)";
            if ("1".equals(System.getenv("COALITION_REQUIRE_BACKENDS"))) org.junit.jupiter.api.Assertions.fail("COALITION_REQUIRE_BACKENDS=1 but " + reason);
            org.junit.jupiter.api.Assumptions.abort(reason);
        }
        String table = "cli_hospital_" + Long.toHexString(System.nanoTime());
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(url)) {
            io.coalition.trustedmining.ems.JdbcEventTables.store(db, table,
                    io.coalition.eventlog.io.LogFiles.read(Path.of(confine128("hospital")), io.coalition.eventlog.io.ReadOptions.DEFAULT),
                    Map.of());
            Path pki = tmp.resolve("pki");
            CertificateAuthority ca = CertificateAuthority.init(pki, "Test CA", Clock.systemUTC());
            Pem.write(pki.resolve("crl.pem"), ca.crl());
            for (String org : List.of("hospital", "pharma", "specialised", "requester")) issue(ca, pki, org);
            assertThat(run("miner", "init-sim", "--out", pki.toString()).exit()).isZero();
            List<Thread> servers = new ArrayList<>();
            try {
                Map<String, List<String>> sources = new java.util.LinkedHashMap<>();
                // CLIENT order with a budget below the 128 cases: ids sorted on disk, cases read in IN (...) chunks
                sources.put("hospital", List.of("--jdbc", url, "--jdbc-query", table, "--jdbc-case-order", "CLIENT",
                        "--jdbc-sort-budget", "50"));
                for (String org : List.of("pharma", "specialised")) sources.put(org, List.of("--log", confine128(org)));
                Path providers = startProviders(pki, sources, servers, new ArrayList<>());
                MainTest.Result r = run("miner", "run", "--providers", providers.toString(), "--algorithm", "heuristics,dfg",
                        "--cert", pki.resolve("requester.crt").toString(), "--key", pki.resolve("requester.key").toString(),
                        "--sim-platform", pki.resolve("sim-platform").toString(), "-o", tmp.resolve("out").toString());
                assertThat(r.exit()).as(r.err() + r.out()).isZero();
                // the same 128 cases and 1,830 events as the three XES files give
                assertThat(r.out()).contains("mined 128 cases, 1,830 events for requester");
                JsonNode report = new ObjectMapper().readTree(tmp.resolve("out/report.json").toFile());
                assertThat(report.get("providers").get(0).get("events").asLong()).isEqualTo(
                        io.coalition.eventlog.io.LogFiles.read(Path.of(confine128("hospital")), io.coalition.eventlog.io.ReadOptions.DEFAULT)
                                .traces().stream().mapToLong(t -> t.events().size()).sum());
            } finally {
                for (Thread t : servers) t.interrupt();
                for (Thread t : servers) t.join();
                try (java.sql.Statement st = db.createStatement()) {
                    st.execute("DROP TABLE IF EXISTS " + table);
                }
            }
        }
    }

    @Test
    void providerNeedsExactlyOneSource() {
        MainTest.Result r = run("provider", "serve", "--org", "hospital", "--log", "h.xes", "--jdbc", "jdbc:postgresql://x/y",
                "--cert", "c.crt", "--key", "c.key", "--ca", "ca.crt", "--crl", "crl.pem", "--sim-platform", "sim.pub",
                "--allow-requester", "requester");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: give exactly one of --log FILE and --jdbc URL");
    }

    @Test
    void sessionDurationsAreCheckedBeforeAnythingIsRead() {
        List<String> base = List.of("provider", "serve", "--org", "hospital", "--log", "h.xes", "--cert", "c.crt",
                "--key", "c.key", "--ca", "ca.crt", "--crl", "crl.pem", "--sim-platform", "sim.pub",
                "--allow-requester", "requester");
        List<String> zero = new ArrayList<>(base);
        zero.addAll(List.of("--session-timeout", "PT0S"));
        MainTest.Result r = run(zero.toArray(String[]::new));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: --session-timeout must be positive, got PT0S");
        List<String> shorter = new ArrayList<>(base);
        shorter.addAll(List.of("--session-timeout", "PT1H", "--session-lifetime", "PT30M"));
        r = run(shorter.toArray(String[]::new));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: --session-lifetime PT30M is shorter than --session-timeout PT1H");
    }

    /** Starts one {@code provider serve} per organization (in order) with its source options; returns providers.json. */
    private Path startProviders(Path pki, Map<String, List<String>> sources, List<Thread> servers, List<StringWriter> outputs)
            throws Exception {
        Map<String, List<String>> options = new java.util.LinkedHashMap<>();
        sources.forEach((org, source) -> {
            List<String> o = new ArrayList<>(source);
            o.addAll(List.of("--allow-requester", "requester"));
            options.put(org, o);
        });
        return startProviders(tmp, pki, options, servers, outputs);
    }

    /**
     * Runs {@code provider serve} for each organization in its own thread, with its {@code options} (source, policy,
     * ...) and PKI files from {@code pki} (ORG.crt, ORG.key, ca.crt, crl.pem, sim-platform.pub), on any free port with
     * its notary in {@code dir}; returns {@code dir/providers.json} pinning each provider's certificate. The threads
     * and each provider's output are added to {@code servers} and {@code outputs}.
     */
    static Path startProviders(Path dir, Path pki, Map<String, List<String>> options, List<Thread> servers,
                               List<StringWriter> outputs) throws Exception {
        StringBuilder json = new StringBuilder("{\"providers\": [");
        for (var entry : options.entrySet()) {
            String org = entry.getKey();
            StringWriter w = new StringWriter();
            outputs.add(w);
            List<String> args = new ArrayList<>(List.of("provider", "serve", "--org", org));
            args.addAll(entry.getValue());
            args.addAll(List.of("--port", "0", "--cert", pki.resolve(org + ".crt").toString(),
                    "--key", pki.resolve(org + ".key").toString(), "--ca", pki.resolve("ca.crt").toString(),
                    "--crl", pki.resolve("crl.pem").toString(), "--sim-platform", pki.resolve("sim-platform.pub").toString(),
                    "--notary", dir.resolve(org + ".notary").toString()));
            String[] argv = args.toArray(String[]::new);
            Thread t = new Thread(() -> Main.run(argv, new PrintWriter(w, true), new PrintWriter(w, true)), "test-provider-" + org);
            t.start();
            servers.add(t);
            String url = awaitUrl(w);
            if (json.charAt(json.length() - 1) == '}') json.append(",");
            json.append("{\"organization\": \"").append(org).append("\", \"url\": \"").append(url)
                    .append("\", \"certificate\": \"").append(dir.relativize(pki.resolve(org + ".crt")).toString().replace('\\', '/'))
                    .append("\"}");
        }
        Path providers = dir.resolve("providers.json");
        Files.writeString(providers, json.append("]}").toString());
        return providers;
    }

    private static String confine128(String org) {
        return TestData.require("interorg/confine/log_test_cases/128/" + org + "_128.xes").toString();
    }

    @Test
    void providersJsonWithoutUrlIsRefusedNamingTheField() throws Exception {
        Path providers = tmp.resolve("providers.json");
        Files.writeString(providers, "{\"providers\": [{\"organization\": \"hospital\", \"certificate\": \"h.crt\"}]}");
        MainTest.Result r = run("miner", "run", "--providers", providers.toString(), "--cert", "c.crt", "--key", "c.key",
                "--sim-platform", "sim", "-o", tmp.resolve("o").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: " + providers + ": providers[0]: field 'url' missing or not a string");
    }

    private static void issue(CertificateAuthority ca, Path dir, String org) {
        issue(ca, dir, org, org.equals("requester") || org.equals("stranger")
                ? ParticipantType.TRUSTED_MINER : ParticipantType.LOG_PROVIDER);
    }

    /** Writes DIR/ORG.crt (issued by {@code ca} for one day) and DIR/ORG.key for a participant of {@code type}. */
    static void issue(CertificateAuthority ca, Path dir, String org, ParticipantType type) {
        KeyPair keys = Enrollment.newKeyPair();
        ParticipantAttributes a = new ParticipantAttributes("T-" + org, "Participant", "IT", org, Set.of(type), true);
        Pem.write(dir.resolve(org + ".crt"), ca.issue(Enrollment.request(keys, org, a), a, Duration.ofDays(1)));
        Pem.writePrivateKey(dir.resolve(org + ".key"), keys.getPrivate());
    }

    /** The URL a `provider serve` printed to {@code w}, waiting up to a minute for it. */
    static String awaitUrl(StringWriter w) throws InterruptedException {
        Pattern p = Pattern.compile("serving (https://\\S+/)");
        for (int i = 0; i < 600; i++) {
            Matcher m = p.matcher(w.toString());
            if (m.find()) return m.group(1);
            Thread.sleep(100);
        }
        throw new AssertionError("provider did not start: " + w);
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }
}
