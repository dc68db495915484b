package io.coalition.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.coalition.app.MainTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code coalition demo decisions} and {@code coalition decisions serve}. */
class DecisionsDemoServeTest {
    static final String NL = System.lineSeparator();

    @TempDir
    Path tmp;

    @Test
    void demoDecisions_printsEveryDecisionOfTheCampaign() {
        MainTest.Result r = run("demo", "decisions", "--out", tmp.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Coalition demo: seed 004's vaccine campaign (confidential decision support)" + NL
                + NL + "Records: 9 Patients, 7 VaccinationCenters, 10 Carriers; each submitted by its own certified provider");
        assertThat(r.out()).contains(
                "== Ayala PLC medical hub (MedicalHub) calls PatientPrioritizationWithAggr on Patients ==" + NL
                        + "  patient-1    High" + NL,
                "  meanAge = 63.5" + NL + "  sumAge = 381" + NL
                        + "  summary: High x6, Ineligible x1, (no rule matched) x2" + NL,
                "  center-3     Needed" + NL + "  center-4     Medium priority" + NL + "  center-5     Lower priority" + NL,
                "  carrier-9    BlueLine Logistics" + NL + "  carrier-10   Not Eligible" + NL,
                "== center-1 (VaccinationCenter) calls Restock on VaccinationCenters ==" + NL
                        + "  aggregated outcome only (the policy allows summarize(Restock) to this caller):" + NL
                        + "  summary: Immediate x1, Lower priority x1, Medium priority x1, Needed x1, Needed soon x1,"
                        + " No need x1, (no rule matched) x1" + NL,
                "== patient-1 (Patient) calls Restock on VaccinationCenters ==" + NL
                        + "  refused: policy: id-patient-1 (role Patient, country IT) may not call Restock(VaccinationCenter)" + NL);
        assertThat(r.out()).endsWith("Specification (DMN, ALFA), encrypted blobs and notary log: " + tmp + NL);
    }

    @Test
    void serve_answersOnLoopbackUntilInterrupted() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        Path work = tmp.resolve("work");
        Thread t = new Thread(() -> exit.set(Main.run(new String[]{"decisions", "serve", "--port", "0", "--work",
                work.toString(), "--record-cache-mb", "8"}, new PrintWriter(out, true), new PrintWriter(err, true))),
                "serve-test");
        t.start();
        Pattern serving = Pattern.compile("serving the decisions API on (http://127\\.0\\.0\\.1:\\d+/)");
        Matcher m = serving.matcher("");
        for (int i = 0; i < 600 && !m.reset(out.toString()).find(); i++) {
            assertThat(t.isAlive()).as(err.toString()).isTrue();
            Thread.sleep(100);
        }
        assertThat(m.find(0)).as(out + err.toString()).isTrue();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(m.group(1) + "v1/ccu"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"certificate\":\"-----BEGIN CERTIFICATE-----", "\"hpkePublicKey\":\"");
        assertThat(out.toString()).contains("(functions [CarrierSelection, PatientPrioritizationWithAggr, Restock])");
        assertThat(out.toString()).contains("; record cache 8 MiB" + NL);
        assertThat(Files.isRegularFile(work.resolve("ca/ca.crt"))).isTrue();
        assertThat(Files.isRegularFile(work.resolve("ccu.crt"))).isTrue();
        t.interrupt();
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(exit.get()).as(err.toString()).isZero();
        assertThat(out.toString()).endsWith("stopped" + NL);
    }

    @Test
    void serve_withANegativeRecordCache_isRejected() {
        MainTest.Result r = run("decisions", "serve", "--port", "0", "--work", tmp.toString(), "--record-cache-mb", "-1");
        assertThat(r.exit()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.err()).isEqualTo("coalition: --record-cache-mb: expected 0 (off) or more, got -1" + NL);
        assertThat(tmp.resolve("state")).doesNotExist();
    }

    @Test
    void serve_withDmnButNoAlfa_isRejected() {
        MainTest.Result r = run("decisions", "serve", "--port", "0", "--work", tmp.toString(), "--dmn", "x.dmn");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("--dmn and --alfa go together (or neither, for the vaccine campaign)");
    }
}
