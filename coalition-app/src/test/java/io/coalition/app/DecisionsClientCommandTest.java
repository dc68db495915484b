package io.coalition.app;

import io.coalition.trust.hpke.Hpke;
import io.coalition.trust.pki.CertificateAuthority;
import io.coalition.trust.pki.ParticipantType;
import io.coalition.trust.pki.Pem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static io.coalition.app.MainTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code decisions submit} and {@code decide} against a running {@code decisions serve}: participants with
 * certificates from the serve's CA store records and get decisions from the command line, as {@code decisions run}
 * does in one process.
 */
class DecisionsClientCommandTest {
    static final String NL = System.lineSeparator();

    @TempDir
    Path tmp;

    /** Writes DIR/NAME.crt and DIR/NAME.key for a participant certified by {@code ca}. */
    private Path[] participant(CertificateAuthority ca, String name, String role, ParticipantType type) {
        RunningCommand.Party p = RunningCommand.Party.enroll(ca, name, role, type);
        Path crt = tmp.resolve(name + ".crt");
        Path key = tmp.resolve(name + ".key");
        Pem.write(crt, p.cert());
        Pem.writePrivateKey(key, p.keys().getPrivate());
        return new Path[]{crt, key};
    }

    private static MainTest.Result client(String command, String url, Path work, Path[] who, Path ccu, String... more) {
        List<String> args = new ArrayList<>(List.of("decisions", command, "--url", url, "--ccu", ccu.toString(),
                "--cert", who[0].toString(), "--key", who[1].toString(), "--ca", work.resolve("ca/ca.crt").toString(),
                "--crl", work.resolve("ca/crl.pem").toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void aProviderStoresAndADeciderDecides_overHttpFromTheCommandLine() throws Exception {
        Path work = tmp.resolve("work");
        RunningCommand serve = RunningCommand.start("serve", "decisions", "serve", "--port", "0", "--work", work.toString());
        try {
            String url = serve.await(DecisionsServeDurableTest.SERVING).group(1);
            CertificateAuthority ca = CertificateAuthority.open(work.resolve("ca"), Clock.systemUTC());
            Path[] patient = participant(ca, "patient", "Patient", ParticipantType.DATA_PROVIDER);
            Path[] hub = participant(ca, "hub", "MedicalHub", ParticipantType.DECIDER);
            Path records = Files.writeString(tmp.resolve("patients.json"), DecisionsCommandTest.PATIENTS);
            Path ccu = work.resolve("ccu.json");

            MainTest.Result stored = client("submit", url, work, patient, ccu, "--records", records.toString(),
                    "--structure", "Patient", "--batch-size", "4");
            assertThat(stored.exit()).as(stored.err()).isZero();
            assertThat(stored.out()).startsWith("stored 6 records of Patients (Patient) in 2 envelopes, each record encrypted"
                    + " and its pointer notarized by CCU ");

            // without --ccu: the served CCU, its HPKE key signed by its certificate, validated under the CA
            List<String> decide = new ArrayList<>(List.of("decisions", "decide", "--url", url, "--cert", hub[0].toString(),
                    "--key", hub[1].toString(), "--ca", work.resolve("ca/ca.crt").toString(), "--crl",
                    work.resolve("ca/crl.pem").toString(), "--function", "PatientPrioritizationWithAggr", "--data-name", "Patients"));
            MainTest.Result decided = run(decide.toArray(String[]::new));
            assertThat(decided.exit()).as(decided.err()).isZero();
            // as 'decisions run' prints for the same records (DecisionsCommandTest)
            assertThat(decided.out()).isEqualTo("h1\tHigh" + NL + "h2\tHigh" + NL + "h3\tHigh" + NL + "h4\tHigh" + NL
                    + "h5\tHigh" + NL + "x\tIneligible" + NL + "meanAge = 64.75" + NL + "sumAge = 259" + NL);

            // a patient may not call the function: the CCU's refusal, exit 2
            MainTest.Result refused = client("decide", url, work, patient, ccu, "--function", "PatientPrioritizationWithAggr",
                    "--data-name", "Patients");
            assertThat(refused.exit()).isEqualTo(2);
            assertThat(refused.err()).isEqualTo("coalition: refused: policy: id-patient (role Patient, country IT) may not call "
                    + "PatientPrioritizationWithAggr(Patient,meanAge,sumAge)" + NL);

            // a pinned CCU the server does not present: nothing is sent
            String json = Files.readString(ccu);
            String servedKey = DecisionsCommand.JSON.readTree(json).get("hpkePublicKey").asText();
            Path other = Files.writeString(tmp.resolve("other-ccu.json"), json.replace(servedKey,
                    Base64.getEncoder().encodeToString(Hpke.DEFAULT.generateKeyPair().publicKey())));
            MainTest.Result wrong = client("submit", url, work, patient, other, "--records", records.toString(),
                    "--structure", "Patient");
            assertThat(wrong.exit()).isEqualTo(2);
            assertThat(wrong.err()).startsWith("coalition: " + url + " serves another CCU than --ccu " + other)
                    .endsWith("): nothing was sent" + NL);
            // a CCU certificate from another CA is refused before anything is sent
            Path otherCa = tmp.resolve("other-ca");
            CertificateAuthority.init(otherCa, "Other CA", Clock.systemUTC());
            Pem.write(otherCa.resolve("crl.pem"), CertificateAuthority.open(otherCa, Clock.systemUTC()).crl());
            List<String> args = new ArrayList<>(List.of("decisions", "decide", "--url", url, "--ccu", ccu.toString(),
                    "--cert", hub[0].toString(), "--key", hub[1].toString(), "--ca", otherCa.resolve("ca.crt").toString(),
                    "--crl", otherCa.resolve("crl.pem").toString(), "--function", "F", "--data-name", "Patients"));
            MainTest.Result untrusted = run(args.toArray(String[]::new));
            assertThat(untrusted.exit()).isEqualTo(2);
            assertThat(untrusted.err()).contains(", not by the trusted CA CN=Other CA");
        } finally {
            serve.stop();
        }
    }

    @Test
    void badOptionsAreRefusedNamingTheOption() {
        MainTest.Result r = run("decisions", "submit", "--url", "http://127.0.0.1:1/", "--ccu", "nope.json", "--cert", "c",
                "--key", "k", "--ca", "a", "--crl", "l", "--records", "[]", "--structure", "Patient");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("coalition: --records: no records" + NL);
        r = run("decisions", "submit", "--url", "http://127.0.0.1:1/", "--ccu", "nope.json", "--cert", "c",
                "--key", "k", "--ca", "a", "--crl", "l", "--records", "[{\"id\": 1}]", "--structure", "Patient");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("coalition: --ccu nope.json: no such file" + NL);
    }
}
