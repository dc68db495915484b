package io.coalition.app;

import io.coalition.eventlog.TestData;
import io.coalition.trust.pki.CertificateAuthority;
import io.coalition.trust.pki.ParticipantType;
import io.coalition.trust.pki.Pem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static io.coalition.app.MainTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mistakes a new user makes following the README's trusted-mining flow ({@code provider serve}, a hand-written
 * {@code providers.json}, {@code miner run}): each is one line naming the option or field, exit 2.
 */
class TrustedMiningWalkthroughTest {
    private static final String ANALYSES = "[heuristics, dfg, inductive, inductive-dfg, declare, declare-conformance]";

    @TempDir
    Path tmp;

    @Test
    void minerRun_unknownAlgorithm_namesTheOption() {
        MainTest.Result r = miner("--providers", "providers.json", "--algorithm", "heuristics,heuristic");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: --algorithm: unknown analysis 'heuristic', expected one of " + ANALYSES);
    }

    @Test
    void minerRun_declareConformanceWithoutModel_namesTheMissingOption() {
        MainTest.Result r = miner("--providers", "providers.json", "--algorithm", "declare-conformance");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: --algorithm declare-conformance needs --declare-model FILE "
                + "(a Declare model in CONFINE's JSON)");
    }

    @Test
    void trustedMiningRun_organizationGivenTwice_isRefused() {
        MainTest.Result r = run("trusted-mining", "run", "--log", "hospital=h.xes", "--log", "hospital=c.xes", "-o", tmp.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: --log: organization 'hospital' is given twice");
        r = run("trusted-mining", "run", "--log", "h.xes", "-o", tmp.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: --log h.xes: expected ORG=FILE");
    }

    @Test
    void misspeltOption_isTheMessageAndASuggestionNotTheWholeUsage() {
        MainTest.Result r = run("miner", "run", "--providers", "p.json", "--cert", "c", "--key", "k", "--sim-platform", "s",
                "-o", tmp.toString(), "--algoritm", "dfg");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(String.join(System.lineSeparator(), "Unknown options: '--algoritm', 'dfg'",
                "Possible solutions: --algorithm", "Run 'coalition miner run --help' for its options.", ""));
    }

    @Test
    void providersJson_missing_saysNoSuchFile() {
        Path missing = tmp.resolve("providers.json");
        MainTest.Result r = miner("--providers", missing.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: " + missing + ": no such file");
    }

    @Test
    void providersJson_misspeltPin_isRefusedNotIgnored() throws Exception {
        Path providers = tmp.resolve("providers.json");
        // "sha265": ignoring it would silently run without the pin the user meant to give
        Files.writeString(providers, "{\"providers\": [{\"organization\": \"hospital\", \"url\": \"https://127.0.0.1:8443/\", "
                + "\"certificate\": \"hospital.crt\", \"sha265\": \"00\"}]}");
        MainTest.Result r = miner("--providers", providers.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: " + providers
                + ": providers[0]: unknown field 'sha265', expected organization, url, certificate, sha256");
    }

    @Test
    void providersJson_brokenJson_namesLineAndColumn() throws Exception {
        Path providers = tmp.resolve("providers.json");
        Files.writeString(providers, "{\"providers\": [\n");
        MainTest.Result r = miner("--providers", providers.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: " + providers + ":2:1: not valid JSON: Unexpected end-of-input: "
                + "expected close marker for Array (start marker at [line: 1, column: 15])");
    }

    @Test
    void providersJson_unknownTopLevelField_isRefused() throws Exception {
        Path providers = tmp.resolve("providers.json");
        Files.writeString(providers, "{\"provider\": []}");
        MainTest.Result r = miner("--providers", providers.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: " + providers + ": unknown field 'provider', expected providers");
    }

    @Test
    void minerRun_simPlatformPrefixWithoutFiles_saysWhatToGive() throws Exception {
        CertificateAuthority ca = ca();
        issue(ca, "hospital", ParticipantType.LOG_PROVIDER);
        Path providers = tmp.resolve("providers.json");
        Files.writeString(providers, "{\"providers\": [{\"organization\": \"hospital\", \"url\": \"https://127.0.0.1:8443/\", "
                + "\"certificate\": \"hospital.crt\"}]}");
        issue(ca, "insurer", ParticipantType.TRUSTED_MINER);
        String prefix = tmp.resolve("sim").toString();
        MainTest.Result r = run("miner", "run", "--providers", providers.toString(), "--cert", tmp.resolve("insurer.crt").toString(),
                "--key", tmp.resolve("insurer.key").toString(),
                "--sim-platform", prefix, "-o", tmp.resolve("out").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: --sim-platform " + prefix + ": no such file " + prefix + ".pub "
                + "(give the PREFIX of 'coalition miner init-sim --out DIR', i.e. DIR/sim-platform)");
    }

    @Test
    void providerServe_certificateOfAnotherOrganization_isRefusedAtStart() {
        CertificateAuthority ca = ca();
        issue(ca, "hospital", ParticipantType.LOG_PROVIDER);
        MainTest.Result r = provider("pharma", "hospital.crt", "hospital.key");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: --org pharma does not match --cert " + tmp.resolve("hospital.crt")
                + ", which is for organization 'hospital'");
    }

    @Test
    void providerServe_keyOfAnotherCertificate_isRefusedAtStart() {
        CertificateAuthority ca = ca();
        issue(ca, "hospital", ParticipantType.LOG_PROVIDER);
        issue(ca, "pharma", ParticipantType.LOG_PROVIDER);
        MainTest.Result r = provider("hospital", "hospital.crt", "pharma.key");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: --key " + tmp.resolve("pharma.key") + " is not the private key of --cert "
                + tmp.resolve("hospital.crt"));
    }

    @Test
    void providerServe_missingFiles_nameTheOption() throws Exception {
        CertificateAuthority ca = ca();
        issue(ca, "hospital", ParticipantType.LOG_PROVIDER);
        MainTest.Result r = provider("hospital", "hospital.crt", "hospital.kee");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: --key " + tmp.resolve("hospital.kee") + ": no such file");
        Files.delete(tmp.resolve("sim-platform.pub"));
        r = provider("hospital", "hospital.crt", "hospital.key");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: --sim-platform " + tmp.resolve("sim-platform.pub") + ": no such file");
    }

    @Test
    void providerServe_unknownAnalysis_namesTheOption() {
        CertificateAuthority ca = ca();
        issue(ca, "hospital", ParticipantType.LOG_PROVIDER);
        MainTest.Result r = provider("hospital", "hospital.crt", "hospital.key", "--allow-analysis", "heuristics,dfgs");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: --allow-analysis: unknown analysis 'dfgs', expected one of " + ANALYSES);
    }

    /**
     * Providers with the default usage policy serve every analysis {@code miner run --algorithm} offers (inductive-dfg
     * was missing), a declare-only run writes into an output folder that does not exist yet (it failed with a stack
     * trace), and the notary log defaults to the working directory, not the log's (possibly shared) folder.
     */
    @Test
    void defaultProviders_serveInductiveDfgAndDeclare_intoANewFolder() throws Exception {
        CertificateAuthority ca = ca();
        String hospital = "walkthrough-hospital"; // unique: its default notary file is created in the working directory
        issue(ca, hospital, ParticipantType.LOG_PROVIDER);
        issue(ca, "pharma", ParticipantType.LOG_PROVIDER);
        issue(ca, "insurer", ParticipantType.TRUSTED_MINER);
        Path hospitalLog = TestData.require("interorg/confine/log_test_cases/128/hospital_128.xes");
        Path defaultNotary = Path.of(hospital + ".notary");
        assertThat(defaultNotary).doesNotExist();
        List<Thread> servers = new ArrayList<>();
        List<StringWriter> outputs = new ArrayList<>();
        try {
            StringBuilder json = new StringBuilder("{\"providers\": [");
            for (String org : List.of(hospital, "pharma")) {
                List<String> args = new ArrayList<>(List.of("provider", "serve", "--org", org, "--log",
                        org.equals(hospital) ? hospitalLog.toString()
                                : TestData.require("interorg/confine/log_test_cases/128/pharma_128.xes").toString(),
                        "--cert", tmp.resolve(org + ".crt").toString(), "--key", tmp.resolve(org + ".key").toString(),
                        "--ca", tmp.resolve("ca.crt").toString(), "--crl", tmp.resolve("crl.pem").toString(),
                        "--sim-platform", tmp.resolve("sim-platform.pub").toString(), "--allow-requester", "insurer"));
                if (!org.equals(hospital)) args.addAll(List.of("--notary", tmp.resolve(org + ".notary").toString()));
                StringWriter w = new StringWriter();
                outputs.add(w);
                String[] argv = args.toArray(String[]::new);
                Thread t = new Thread(() -> Main.run(argv, new PrintWriter(w, true), new PrintWriter(w, true)), "test-provider-" + org);
                t.start();
                servers.add(t);
                String url = NetworkMiningCommandTest.awaitUrl(w);
                if (!org.equals(hospital)) json.append(",");
                json.append("{\"organization\": \"").append(org).append("\", \"url\": \"").append(url)
                        .append("\", \"certificate\": \"").append(org).append(".crt\"}");
            }
            Path providers = tmp.resolve("providers.json");
            Files.writeString(providers, json.append("]}").toString());
            assertThat(outputs.get(0).toString()).contains("notary log: " + hospital + ".notary; stop with Ctrl-C");
            assertThat(hospitalLog.resolveSibling(hospital + ".notary")).doesNotExist();

            Path out = tmp.resolve("new/nested/result");
            MainTest.Result r = run("miner", "run", "--providers", providers.toString(), "--algorithm", "inductive-dfg,declare",
                    "--cert", tmp.resolve("insurer.crt").toString(), "--key", tmp.resolve("insurer.key").toString(),
                    "--sim-platform", tmp.resolve("sim-platform").toString(), "-o", out.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("mined 128 cases, 1,585 events for insurer").contains("Report: " + out.resolve("report.html"));
            for (String f : List.of("inductive.ptml", "inductive.pnml", "inductive.bpmn", "declare.json", "statistics.json",
                    "report.json", "report.html")) {
                assertThat(out.resolve(f)).as(f).isNotEmptyFile();
            }
        } finally {
            for (Thread t : servers) t.interrupt();
            for (Thread t : servers) t.join();
            Files.deleteIfExists(defaultNotary);
        }
        assertThat(outputs.get(0).toString()).contains("provider " + hospital + " stopped");
    }

    /** SIGTERM (as Ctrl-C or kill): the provider closes its server and notary and says so before the JVM halts. */
    @Test
    void providerServe_stoppedBySignal_closesAndSaysSo() throws Exception {
        CertificateAuthority ca = ca();
        issue(ca, "hospital", ParticipantType.LOG_PROVIDER);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "provider", "serve", "--org", "hospital",
                "--log", TestData.require("interorg/confine/log_test_cases/128/hospital_128.xes").toString(),
                "--cert", tmp.resolve("hospital.crt").toString(), "--key", tmp.resolve("hospital.key").toString(),
                "--ca", tmp.resolve("ca.crt").toString(), "--crl", tmp.resolve("crl.pem").toString(),
                "--sim-platform", tmp.resolve("sim-platform.pub").toString(), "--allow-requester", "insurer",
                "--notary", tmp.resolve("hospital.notary").toString()));
        Path output = tmp.resolve("provider.out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            for (int i = 0; i < 600 && !Files.readString(output).contains("stop with Ctrl-C"); i++) {
                assertThat(p.isAlive()).as(Files.readString(output)).isTrue();
                Thread.sleep(100);
            }
            assertThat(Files.readString(output)).contains("provider hospital serving https://127.0.0.1:");
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(Files.readString(output)).endsWith("provider hospital stopped" + System.lineSeparator());
    }

    /**
     * 20 cases of all four organizations end in two activities: the heuristics net has two sink places, so PNML only
     * (the demo failed).
     */
    @Test
    void demoWithFewCases_writesTheHeuristicsNetWithoutBpmn() throws Exception {
        Path out = tmp.resolve("demo");
        MainTest.Result r = run("demo", "--cases", "20", "--out", out.toString(), "--organizations",
                "hospital,clinic,lab,insurer");
        assertThat(r.exit()).as(r.err()).isZero();
        Path mined = out.resolve("trusted-mining");
        assertThat(mined.resolve("heuristics.pnml")).isNotEmptyFile();
        assertThat(mined.resolve("heuristics.bpmn")).doesNotExist();
        assertThat(Files.readString(mined.resolve("report.html")))
                .contains("<a href=\"heuristics.pnml\">PNML</a> (no BPMN: not a workflow net)</li>");
    }

    @Test
    void internalError_isOneLineUnlessTheStackTraceIsAskedFor() {
        StringWriter err = new StringWriter();
        int exit = Main.handle(new IllegalStateException("bug"), new PrintWriter(err, true), false);
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("coalition: internal error: java.lang.IllegalStateException: bug "
                + "(COALITION_LOG_LEVEL=DEBUG shows the stack trace)" + System.lineSeparator());
        StringWriter debug = new StringWriter();
        Main.handle(new IllegalStateException("bug"), new PrintWriter(debug, true), true);
        assertThat(debug.toString()).startsWith("coalition: internal error: java.lang.IllegalStateException: bug"
                + System.lineSeparator() + "java.lang.IllegalStateException: bug").contains("\tat ");
    }

    @Test
    void missingOutputFolderOfAWriter_isOneLineBadInput() {
        StringWriter err = new StringWriter();
        int exit = Main.handle(new java.io.UncheckedIOException(new NoSuchFileException("out/declare.json")),
                new PrintWriter(err, true), false);
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("coalition: out/declare.json: no such file or folder");
    }

    @Test
    void fileSystemErrorsAreDescribedWithoutTheExceptionClass() {
        assertThat(Main.describe(new NoSuchFileException("out/declare.json"))).isEqualTo("out/declare.json: no such file or folder");
        assertThat(Main.describe(new java.nio.file.AccessDeniedException("/root/x"))).isEqualTo("/root/x: permission denied");
    }

    private MainTest.Result miner(String... args) {
        List<String> argv = new ArrayList<>(List.of("miner", "run"));
        argv.addAll(List.of(args));
        argv.addAll(List.of("--cert", "r.crt", "--key", "r.key", "--sim-platform", "sim", "-o", tmp.resolve("out").toString()));
        return run(argv.toArray(String[]::new));
    }

    private MainTest.Result provider(String org, String cert, String key, String... more) {
        List<String> argv = new ArrayList<>(List.of("provider", "serve", "--org", org,
                "--log", TestData.require("interorg/confine/log_test_cases/128/hospital_128.xes").toString(),
                "--cert", tmp.resolve(cert).toString(), "--key", tmp.resolve(key).toString(), "--ca", tmp.resolve("ca.crt").toString(),
                "--crl", tmp.resolve("crl.pem").toString(), "--sim-platform", tmp.resolve("sim-platform.pub").toString(),
                "--allow-requester", "insurer", "--notary", tmp.resolve(org + ".notary").toString()));
        argv.addAll(List.of(more));
        return run(argv.toArray(String[]::new));
    }

    private CertificateAuthority ca() {
        CertificateAuthority ca = CertificateAuthority.init(tmp, "Test CA", Clock.systemUTC()); // writes tmp/ca.crt
        Pem.write(tmp.resolve("crl.pem"), ca.crl());
        assertThat(run("miner", "init-sim", "--out", tmp.toString()).exit()).isZero();
        return ca;
    }

    private void issue(CertificateAuthority ca, String org, ParticipantType type) {
        NetworkMiningCommandTest.issue(ca, tmp, org, type);
    }
}
