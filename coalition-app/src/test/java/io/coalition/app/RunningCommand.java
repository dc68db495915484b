package io.coalition.app;

import io.coalition.decisions.ccu.Ccu;
import io.coalition.trust.envelope.Envelope;
import io.coalition.trust.envelope.Envelopes;
import io.coalition.trust.hpke.Hpke;
import io.coalition.trust.pki.CertificateAuthority;
import io.coalition.trust.pki.Enrollment;
import io.coalition.trust.pki.ParticipantAttributes;
import io.coalition.trust.pki.ParticipantType;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** A long-running command ({@code decisions serve}, {@code decisions replica}) run through {@link Main} on a thread. */
final class RunningCommand {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final AtomicInteger exit = new AtomicInteger(-1);
    final Thread thread;

    private RunningCommand(String name, String... args) {
        thread = new Thread(() -> exit.set(Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true))),
                "test-" + name);
        thread.start();
    }

    static RunningCommand start(String name, String... args) {
        return new RunningCommand(name, args);
    }

    /** Waits (up to 60 s) until the output matches {@code regex}; returns the match. */
    Matcher await(String regex) throws InterruptedException {
        Matcher m = Pattern.compile(regex).matcher("");
        for (int i = 0; i < 600 && !m.reset(out.toString()).find(); i++) {
            assertThat(thread.isAlive()).as("stopped early: " + out + err).isTrue();
            Thread.sleep(100);
        }
        assertThat(m.find(0)).as(out + err.toString()).isTrue();
        return m;
    }

    /** Interrupts it as Ctrl-C would, and waits for a clean exit. */
    void stop() throws InterruptedException {
        thread.interrupt();
        thread.join(30_000);
        assertThat(thread.isAlive()).as("still running").isFalse();
        assertThat(exit.get()).as(err.toString()).isZero();
    }

    /** A participant certified by the CA the commands use. */
    record Party(KeyPair keys, X509Certificate cert, Hpke.KeyPair hpke) {
        static Party enroll(CertificateAuthority ca, String name, String role, ParticipantType type) {
            KeyPair keys = Enrollment.newKeyPair();
            ParticipantAttributes a = new ParticipantAttributes("id-" + name, role, "IT", name, Set.of(type), true);
            return new Party(keys, ca.issue(Enrollment.request(keys, "CN=" + name, a), a, Duration.ofDays(1)),
                    Hpke.DEFAULT.generateKeyPair());
        }

        Envelope patientRecord(X509Certificate ccu, byte[] ccuKey, String id, int age) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("Age", age);
            p.put("PreExistingConditions", "Diabetes");
            p.put("CurrentMedications", "Metformin");
            p.put("PreviousVaccinations", "COVID-19");
            p.put("FamilyMedicalHistory", "Heart Disease");
            p.put("ConsentFormSigned", true);
            p.put("Address", "Via Roma " + age);
            return SEALER.seal(Ccu.json(new Ccu.Submission("Patients", "Patient", id, p)), Ccu.SUBMIT, cert,
                    keys.getPrivate(), ccu, ccuKey);
        }

        Envelope prioritization(X509Certificate ccu, byte[] ccuKey) {
            return SEALER.seal(Ccu.json(new Ccu.Request("PatientPrioritizationWithAggr", "Patients", hpke.publicKey())),
                    Ccu.DECIDE, cert, keys.getPrivate(), ccu, ccuKey);
        }
    }

    static final Envelopes SEALER = new Envelopes(Clock.systemUTC(), Duration.ofMinutes(10));
}
