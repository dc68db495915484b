package io.coalition.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.coalition.decisions.DecisionsException;
import io.coalition.decisions.ccu.Ccu;
import io.coalition.decisions.ccu.CcuReply;
import io.coalition.decisions.http.DecisionsHttpClient;
import io.coalition.trust.envelope.Envelope;
import io.coalition.trust.envelope.Envelopes;
import io.coalition.trust.hpke.Hpke;
import io.coalition.trust.pki.CertificateValidator;
import io.coalition.trust.pki.ParticipantAttributes;
import io.coalition.trust.pki.ParticipantType;
import io.coalition.trust.pki.Pem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code coalition decisions submit} and {@code decide}: a Data Provider and a Decider talking to a CCU served by
 * {@code decisions serve} over HTTP, with their participant certificates (from {@code coalition pki}). Envelopes are
 * sealed to the HPKE key the server at {@code --url} presents only once its CCU's signature over that key verified
 * ({@link DecisionsHttpClient#ccu}) and the CCU certificate validated under {@code --ca} and {@code --crl} as a CCU's;
 * with {@code --ccu} (the {@code ccu.json} that {@code serve} writes) the server must moreover present exactly that
 * CCU.
 */
final class DecisionsClientCommand {
    private DecisionsClientCommand() {
    }

    /** What both commands need: where the CCU is, which CCU it must be, and who is speaking. */
    static final class Connection {
        @Option(names = "--url", required = true, paramLabel = "URL", description = "the decisions API, e.g. http://127.0.0.1:8080/")
        URI url;
        @Option(names = "--ccu", paramLabel = "FILE",
                description = "pin the CCU: the ccu.json 'decisions serve' writes in its WORK folder (optional: the served"
                        + " CCU is checked against --ca and --crl either way)")
        Path ccuFile;
        @Option(names = "--cert", required = true, paramLabel = "FILE", description = "your participant certificate (PEM)")
        Path cert;
        @Option(names = "--key", required = true, paramLabel = "FILE", description = "its private key (PEM)")
        Path key;
        @Option(names = "--ca", required = true, paramLabel = "FILE", description = "the participant CA's certificate (e.g. WORK/ca/ca.crt)")
        Path ca;
        @Option(names = "--crl", required = true, paramLabel = "FILE", description = "the CA's CRL (e.g. WORK/ca/crl.pem)")
        Path crl;
        @Option(names = "--wait", defaultValue = "PT60S", paramLabel = "DURATION",
                description = "how long to wait for each answer (default ${DEFAULT-VALUE})")
        Duration wait;

        X509Certificate certificate;
        PrivateKey privateKey;
        X509Certificate ccuCertificate;
        byte[] ccuHpkeKey;
        DecisionsHttpClient client;
        final Envelopes envelopes = new Envelopes(Clock.systemUTC(), Duration.ofMinutes(10));

        /** Reads the files; checks the CCU that {@code --url} serves (and that it is the pinned one, with {@code --ccu}). */
        void open() {
            if (wait.isNegative()) throw new IllegalArgumentException("--wait must not be negative, got " + wait);
            if (ccuFile != null) ProviderCommand.requireFile("--ccu", ccuFile);
            ProviderCommand.requireFile("--cert", cert);
            ProviderCommand.requireFile("--key", key);
            ProviderCommand.requireFile("--ca", ca);
            ProviderCommand.requireFile("--crl", crl);
            certificate = Pem.readCertificate(cert);
            privateKey = Pem.readPrivateKey(key);
            client = new DecisionsHttpClient(url.toString().endsWith("/") ? url : URI.create(url + "/"));
            DecisionsHttpClient.CcuIdentity served = client.ccu(); // its HPKE key signed by its certificate's key
            ParticipantAttributes ccu = new CertificateValidator(Pem.readCertificate(ca), Pem.crlFile(crl))
                    .validate(served.certificate(), Clock.systemUTC());
            if (!ccu.participantTypes().contains(ParticipantType.CCU)) {
                throw new DecisionsException(url + " presents the certificate of " + ccu.identificationNumber()
                        + ", which is not a CCU's (types " + ccu.participantTypes() + "): nothing was sent");
            }
            if (ccuFile != null) checkPinned(served);
            ccuCertificate = served.certificate();
            ccuHpkeKey = served.hpkePublicKey();
        }

        /** The served CCU must be the one in {@code --ccu}. */
        private void checkPinned(DecisionsHttpClient.CcuIdentity served) {
            JsonNode pinned;
            try {
                pinned = DecisionsCommand.JSON.readTree(Files.readAllBytes(ccuFile));
            } catch (IOException e) {
                throw new DecisionsException("--ccu " + ccuFile + ": not valid JSON: " + e.getMessage(), e);
            }
            if (pinned == null || !pinned.path("certificate").isTextual() || !pinned.path("hpkePublicKey").isTextual()) {
                throw new DecisionsException("--ccu " + ccuFile + ": expected {\"certificate\": PEM, \"hpkePublicKey\": base64}"
                        + " (the ccu.json 'decisions serve' writes)");
            }
            X509Certificate certificate;
            byte[] key;
            try {
                certificate = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(
                        new java.io.ByteArrayInputStream(pinned.get("certificate").asText().getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
                key = Base64.getDecoder().decode(pinned.get("hpkePublicKey").asText());
            } catch (java.security.cert.CertificateException | IllegalArgumentException e) {
                throw new DecisionsException("--ccu " + ccuFile + ": not a PEM certificate and a base64 key: " + e.getMessage(), e);
            }
            if (!served.certificate().equals(certificate) || !Arrays.equals(served.hpkePublicKey(), key)) {
                throw new DecisionsException(url + " serves another CCU than --ccu " + ccuFile + " (certificate "
                        + Envelopes.fingerprint(served.certificate()) + ", expected " + Envelopes.fingerprint(certificate)
                        + "): nothing was sent");
            }
        }

        /** The answer to request {@code id}; a refusal or no answer in time is an error. */
        CcuReply answer(String id) {
            CcuReply r = client.response(id, certificate, wait).orElseThrow(() -> new DecisionsException(
                    "no answer to request " + id + " within " + wait + " (the CCU may be busy: raise --wait)"));
            if (r.isRefusal()) throw new DecisionsException("refused: " + r.refusal());
            return r;
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = {"As a Data Provider, store records in a CCU served by 'decisions serve': sealed to the CCU,"
                    + " signed with --cert's key, in data sets of --batch-size records per envelope. Prints how many"
                    + " were stored once the CCU has notarized them."})
    static final class Submit implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;
        @Option(names = "--records", required = true, paramLabel = "JSON|FILE",
                description = "a JSON array of objects, each with an \"id\" (inline, or a file holding it)")
        String records;
        @Option(names = "--structure", required = true, paramLabel = "NAME",
                description = "the records' data structure, as the ALFA policy names it (e.g. Patient)")
        String structure;
        @Option(names = "--data-name", paramLabel = "NAME", description = "the data set's name (default: the structure + s)")
        String dataName;
        @Option(names = "--batch-size", defaultValue = "1000", paramLabel = "N",
                description = "records per envelope (default ${DEFAULT-VALUE}; 1: one envelope per record)")
        int batchSize;

        @Override
        public Integer call() {
            if (batchSize < 1) throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
            List<Ccu.BatchRecord> recs = DecisionsCommand.withIds(DecisionsCommand.readRecords("--records", records));
            if (recs.isEmpty()) throw new IllegalArgumentException("--records: no records");
            Connection c = connection;
            c.open();
            String name = dataName != null ? dataName : structure + "s";
            List<String> ids = new ArrayList<>();
            for (List<Ccu.BatchRecord> batch : DecisionsCommand.batches(recs, batchSize)) {
                Envelope e = DecisionsCommand.sealData(c.envelopes, name, structure, batch, batchSize == 1, c.certificate,
                        c.privateKey, c.ccuCertificate, c.ccuHpkeKey);
                ids.add(batchSize == 1 ? c.client.submit(e, c.certificate) : c.client.submitBatch(e, c.certificate));
            }
            int stored = 0;
            for (String id : ids) {
                CcuReply r = c.answer(id);
                stored += r.batch() != null ? r.batch().size() : 1;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("stored %d records of %s (%s) in %d envelope%s, each record encrypted and its pointer notarized by CCU %s%n",
                    stored, name, structure, ids.size(), ids.size() == 1 ? "" : "s", Envelopes.fingerprint(c.ccuCertificate));
            return 0;
        }
    }

    @Command(name = "decide", mixinStandardHelpOptions = true,
            description = {"As a Decider, call a decision function on a data set in a CCU served by 'decisions serve'."
                    + " The answer is sealed to a key made for this request and signed by the CCU; prints one line per"
                    + " record (id and decision), then the aggregates (or only the summary, when the policy allows no"
                    + " more)."})
    static final class Decide implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;
        @Option(names = "--function", required = true, paramLabel = "NAME", description = "the decision function to call")
        String function;
        @Option(names = "--data-name", required = true, paramLabel = "NAME", description = "the data set to decide on (e.g. Patients)")
        String dataName;

        @Override
        public Integer call() {
            Connection c = connection;
            c.open();
            Hpke.KeyPair answerKey = Hpke.DEFAULT.generateKeyPair();
            Envelope request = c.envelopes.seal(Ccu.json(new Ccu.Request(function, dataName, answerKey.publicKey())), Ccu.DECIDE,
                    c.certificate, c.privateKey, c.ccuCertificate, c.ccuHpkeKey);
            CcuReply r = c.answer(c.client.decide(request, c.certificate));
            DecisionsCommand.printOutcome(spec.commandLine().getOut(),
                    Ccu.openResponse(r.decision(), c.ccuCertificate, c.certificate, answerKey, c.envelopes));
            return 0;
        }
    }
}
