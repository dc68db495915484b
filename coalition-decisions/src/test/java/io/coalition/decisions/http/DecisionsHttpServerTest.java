package io.coalition.decisions.http;

import io.coalition.decisions.DecisionsException;
import io.coalition.decisions.ccu.Ccu;
import io.coalition.decisions.ccu.CcuCall;
import io.coalition.decisions.ccu.CcuReply;
import io.coalition.decisions.ccu.RecordIndex;
import io.coalition.decisions.ccu.RefusedException;
import io.coalition.decisions.demo.VaccineCampaign;
import io.coalition.decisions.queue.EmbeddedRequestQueue;
import io.coalition.decisions.spec.DecisionOutcome;
import io.coalition.decisions.spec.DecisionSpecification;
import io.coalition.trust.cas.FileBlobStore;
import io.coalition.trust.envelope.Envelope;
import io.coalition.trust.envelope.Envelopes;
import io.coalition.trust.hpke.Hpke;
import io.coalition.trust.notary.LogNotary;
import io.coalition.trust.pki.CertificateAuthority;
import io.coalition.trust.pki.CertificateValidator;
import io.coalition.trust.pki.Enrollment;
import io.coalition.trust.pki.ParticipantAttributes;
import io.coalition.trust.pki.ParticipantType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The whole decision flow over HTTP on loopback (port 0), with the vaccine campaign's restocking table. */
class DecisionsHttpServerTest {
    static final Clock CLOCK = Clock.systemUTC();
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    DecisionSpecification spec;
    LogNotary notary;
    EmbeddedRequestQueue<CcuCall, CcuReply> queue;
    DecisionsHttpServer server;
    DecisionsHttpClient client;
    CertificateAuthority ca;
    Party hub;
    Party center;
    Party patient;
    Envelopes sealer;
    DecisionsHttpClient.CcuIdentity ccu;
    Ccu service;

    record Party(KeyPair keys, X509Certificate cert, Hpke.KeyPair hpke) {
    }

    Party enroll(String name, String role, ParticipantType type) {
        KeyPair keys = Enrollment.newKeyPair();
        ParticipantAttributes a = new ParticipantAttributes("id-" + name, role, "IT", name, Set.of(type), true);
        return new Party(keys, ca.issue(Enrollment.request(keys, "CN=" + name, a), a, Duration.ofDays(1)),
                Hpke.DEFAULT.generateKeyPair());
    }

    @BeforeEach
    void start() {
        List<Path> files = VaccineCampaign.writeCampaign(dir.resolve("spec"));
        spec = DecisionSpecification.load(files.subList(0, files.size() - 1), List.of(files.get(files.size() - 1)),
                dir.resolve("xacml"));
        notary = LogNotary.open(dir.resolve("notary.log"), "http-test", CLOCK);
        ca = CertificateAuthority.create("Coalition HTTP test CA", CLOCK);
        Party ccuId = enroll("ccu", "CCU", ParticipantType.CCU);
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        Ccu c = new Ccu(spec, CertificateValidator.of(ca), ccuId.cert(), ccuId.keys().getPrivate(), seed,
                new FileBlobStore(dir.resolve("blobs")), notary, RecordIndex.inMemory(), CLOCK, Duration.ofMinutes(10));
        service = c;
        queue = new EmbeddedRequestQueue<>();
        server = DecisionsHttpServer.start(new InetSocketAddress("127.0.0.1", 0), c, queue, 1);
        client = new DecisionsHttpClient(server.uri());
        hub = enroll("hub", "MedicalHub", ParticipantType.DECIDER);
        center = enroll("center", "VaccinationCenter", ParticipantType.DATA_PROVIDER);
        patient = enroll("patient", "Patient", ParticipantType.DATA_PROVIDER);
        sealer = new Envelopes(CLOCK, Duration.ofMinutes(10));
        ccu = client.ccu();
    }

    @AfterEach
    void stop() {
        server.close();
        queue.close();
        notary.close();
        spec.close();
    }

    Envelope seal(Party from, Object payload, String purpose) {
        return sealer.seal(Ccu.json(payload), purpose, from.cert(), from.keys().getPrivate(), ccu.certificate(),
                ccu.hpkePublicKey());
    }

    static Map<String, Object> center(double stock, int capacity, int population, int progress) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("HubName", "Ayala PLC");
        c.put("Location", "Berlin, GE");
        c.put("CurrentVaccineStockLevel", stock);
        c.put("MaxStorageCapacity", capacity);
        c.put("PopulationServed", population);
        c.put("VaccinationProgress", progress);
        return c;
    }

    Map<String, Map<String, Object>> submitCenters() {
        Map<String, Map<String, Object>> records = new LinkedHashMap<>();
        records.put("vc-1", center(100.0, 2000, 10_000, 500));      // Immediate
        records.put("vc-2", center(400.0, 2000, 60_000, 5_000));    // Needed soon
        records.put("vc-3", center(1500.0, 2000, 60_000, 50_000));  // No need
        records.put("vc-4", center(265.0, 2000, 182_252, 686));     // seed 004 Table I's example: Needed soon
        for (var e : records.entrySet()) {
            String id = client.submit(seal(center, new Ccu.Submission("VaccinationCenters", "VaccinationCenter",
                    e.getKey(), e.getValue()), Ccu.SUBMIT), center.cert());
            CcuReply r = client.response(id, center.cert(), WAIT).orElseThrow();
            assertThat(r.isRefusal()).as(String.valueOf(r.refusal())).isFalse();
            assertThat(r.stored().recordId()).isEqualTo(e.getKey());
        }
        return records;
    }

    CcuReply request(Party from, String function) {
        String id = client.decide(seal(from, new Ccu.Request(function, "VaccinationCenters", from.hpke().publicKey()),
                Ccu.DECIDE), from.cert());
        return client.response(id, from.cert(), WAIT).orElseThrow();
    }

    DecisionOutcome open(CcuReply r, Party to) {
        assertThat(r.isRefusal()).as(String.valueOf(r.refusal())).isFalse();
        return Ccu.openResponse(r.decision(), ccu.certificate(), to.cert(), to.hpke(), new Envelopes(CLOCK, Duration.ofMinutes(10)));
    }

    @Test
    void hubGetsEveryCentersRestockingNeed_overHttp() {
        Map<String, Map<String, Object>> records = submitCenters();
        DecisionOutcome got = open(request(hub, "Restock"), hub);
        assertThat(got.decisions()).extracting(DecisionOutcome.RecordDecision::recordId).containsExactly("vc-1", "vc-2", "vc-3", "vc-4");
        assertThat(got.decisions()).extracting(DecisionOutcome.RecordDecision::output)
                .containsExactly("Immediate", "Needed soon", "No need", "Needed soon")
                .containsExactlyElementsOf(spec.evaluate(spec.function("Restock"), records).decisions().stream()
                        .map(DecisionOutcome.RecordDecision::output).toList());
    }

    @Test
    void centerGetsOnlyTheAggregatedOutcome() {
        submitCenters();
        DecisionOutcome got = open(request(center, "Restock"), center);
        assertThat(got.decisions()).isEmpty();
        assertThat(got.summary()).isEqualTo(Map.of("Immediate", 1L, "Needed soon", 2L, "No need", 1L));
    }

    @Test
    void patientIsRefused_withTheStepAndReason() {
        submitCenters();
        CcuReply r = request(patient, "Restock");
        assertThat(r.refusedAt()).isEqualTo(RefusedException.Step.POLICY);
        assertThat(r.refusal()).isEqualTo("policy: id-patient (role Patient, country IT) may not call Restock(VaccinationCenter)");
    }

    @Test
    void anotherClientNeverGetsTheHubsResponse() {
        submitCenters();
        String id = client.decide(seal(hub, new Ccu.Request("Restock", "VaccinationCenters", hub.hpke().publicKey()),
                Ccu.DECIDE), hub.cert());
        assertThatThrownBy(() -> client.response(id, center.cert(), Duration.ofMillis(500)))
                .isInstanceOf(DecisionsException.class)
                .hasMessage("GET /v1/responses/" + id + ": HTTP 404: request queue: client "
                        + Envelopes.fingerprint(center.cert()) + " has no request " + id);
        assertThat(client.response(id, hub.cert(), WAIT)).isPresent();
    }

    @Test
    void flippedByteInAPostedEnvelope_isRefusedByTheCcu() {
        Envelope e = seal(center, new Ccu.Submission("VaccinationCenters", "VaccinationCenter", "vc-9",
                center(1.0, 2000, 1, 1)), Ccu.SUBMIT);
        byte[] ct = e.ciphertext();
        ct[3] ^= 1;
        String id = client.submit(new Envelope(e.header(), e.encapsulatedKey(), ct, e.signature()), center.cert());
        CcuReply r = client.response(id, center.cert(), WAIT).orElseThrow();
        assertThat(r.refusedAt()).isEqualTo(RefusedException.Step.ENVELOPE);
    }

    @Test
    void repostedEnvelope_storesNothingTwice() {
        Envelope e = seal(center, new Ccu.Submission("VaccinationCenters", "VaccinationCenter", "vc-9",
                center(1.0, 2000, 1, 1)), Ccu.SUBMIT);
        client.response(client.submit(e, center.cert()), center.cert(), WAIT).orElseThrow();
        // the same envelope again: the CCU's idempotent answer, never a second record
        CcuReply again = client.response(client.submit(e, center.cert()), center.cert(), WAIT).orElseThrow();
        assertThat(again.stored().recordId()).isEqualTo("vc-9");
        DecisionOutcome got = open(request(hub, "Restock"), hub);
        assertThat(got.decisions()).hasSize(1);
    }

    @Test
    void aDataSetInOneEnvelope_isStoredWholeAndDecided_overHttp() {
        Map<String, Map<String, Object>> records = new LinkedHashMap<>();
        List<Ccu.BatchRecord> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Map<String, Object> c = center(40.0 * i, 2000, 10_000 + 1_000 * i, 100 * i);
            records.put("vc-" + i, c);
            batch.add(new Ccu.BatchRecord("vc-" + i, c));
        }
        Envelope e = seal(center, new Ccu.Batch("VaccinationCenters", "VaccinationCenter", batch), Ccu.SUBMIT_BATCH);
        CcuReply stored = client.response(client.submitBatch(e, center.cert()), center.cert(), WAIT).orElseThrow();
        assertThat(stored.isRefusal()).as(String.valueOf(stored.refusal())).isFalse();
        assertThat(stored.batch()).extracting(r -> r.recordId()).containsExactlyElementsOf(records.keySet());
        assertThat(stored.batch()).allSatisfy(r -> assertThat(notary.lookup(r.pointer())).isPresent());
        // posted again: the records it already created, nothing stored twice
        CcuReply again = client.response(client.submitBatch(e, center.cert()), center.cert(), WAIT).orElseThrow();
        assertThat(again.batch()).extracting(r -> r.pointer()).containsExactlyElementsOf(
                stored.batch().stream().map(r -> r.pointer()).toList());
        DecisionOutcome got = open(request(hub, "Restock"), hub);
        assertThat(got.decisions()).extracting(DecisionOutcome.RecordDecision::output).containsExactlyElementsOf(
                spec.evaluate(spec.function("Restock"), records).decisions().stream().map(DecisionOutcome.RecordDecision::output).toList());
        // a data set a patient may not provide is refused whole, with its step
        Envelope refused = seal(patient, new Ccu.Batch("VaccinationCenters", "VaccinationCenter",
                List.of(new Ccu.BatchRecord("vc-x", center(1.0, 2000, 1, 1)))), Ccu.SUBMIT_BATCH);
        CcuReply r = client.response(client.submitBatch(refused, patient.cert()), patient.cert(), WAIT).orElseThrow();
        assertThat(r.refusedAt()).isEqualTo(RefusedException.Step.POLICY);
        assertThat(open(request(hub, "Restock"), hub).decisions()).hasSize(50);
    }

    /**
     * GET /v1/ccu has no integrity on plain HTTP: the HPKE key comes with the CCU's signature over it, and the client
     * refuses a key the CCU certificate's holder did not sign (a server in the middle swapping in its own key).
     */
    @Test
    void aSwappedCcuHpkeKey_isRefusedByTheClient() throws Exception {
        Ccu genuine = service;
        byte[] signature = genuine.hpkeKeySignature();
        assertThat(Ccu.verifyHpkeKey(genuine.certificate(), genuine.hpkePublicKey(), signature)).isTrue();
        byte[] flipped = genuine.hpkePublicKey();
        flipped[5] ^= 1;
        assertThat(Ccu.verifyHpkeKey(genuine.certificate(), flipped, signature)).isFalse();
        assertThat(Ccu.verifyHpkeKey(hub.cert(), genuine.hpkePublicKey(), signature)).isFalse();

        byte[] attackerKey = Hpke.DEFAULT.generateKeyPair().publicKey();
        com.sun.net.httpserver.HttpServer middle = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        middle.createContext("/v1/ccu", x -> {
            byte[] body = Wire.JSON.writeValueAsBytes(Wire.JSON.createObjectNode()
                    .put("certificate", Wire.certificate(genuine.certificate()))
                    .put("hpkePublicKey", Wire.b64(attackerKey)).put("hpkeKeySignature", Wire.b64(signature)));
            x.sendResponseHeaders(200, body.length);
            try (var out = x.getResponseBody()) {
                out.write(body);
            }
        });
        middle.start();
        try {
            DecisionsHttpClient fooled = new DecisionsHttpClient(URI.create("http://127.0.0.1:" + middle.getAddress().getPort() + "/"));
            assertThatThrownBy(fooled::ccu).isInstanceOf(DecisionsException.class)
                    .hasMessage("GET /v1/ccu: the HPKE key is not signed by the key of the CCU certificate "
                            + Envelopes.fingerprint(genuine.certificate()) + ": refused (nothing would be sealed to it)");
        } finally {
            middle.stop(0);
        }
    }

    @Test
    void badBodies_get400WithTheFieldPath() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI records = server.uri().resolve("v1/records");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(records).POST(HttpRequest.BodyPublishers.ofString("{\"certificate\": 1}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"error\":\"$.certificate: expected a PEM certificate string\"}");
        Envelope e = seal(hub, new Ccu.Request("Restock", "VaccinationCenters", hub.hpke().publicKey()), Ccu.DECIDE);
        assertThatThrownBy(() -> client.submit(e, hub.cert()))
                .isInstanceOf(DecisionsException.class)
                .hasMessage("POST /v1/records: HTTP 400: $.envelope.purpose: expected coalition-decisions/submit or"
                        + " coalition-decisions/submit-batch for /v1/records, found coalition-decisions/decide");
        HttpResponse<String> nf = http.send(HttpRequest.newBuilder(server.uri().resolve("v1/nothing")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(nf.statusCode()).isEqualTo(404);
        assertThat(nf.body()).isEqualTo("{\"error\":\"no such endpoint: GET /v1/nothing\"}");
    }

    @Test
    void openApiDocument_isServed_andListsEveryEndpointWithItsMethod() throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri().resolve("v1/openapi.yaml"))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/yaml");
        assertThat(r.body()).isEqualTo(DecisionsHttpServer.openApi());
        com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(r.body());
        assertThat(doc.path("openapi").asText()).isEqualTo("3.0.3");
        java.util.Map<String, List<String>> methods = new java.util.TreeMap<>();
        doc.path("paths").fields().forEachRemaining(p -> {
            List<String> m = new java.util.ArrayList<>();
            p.getValue().fieldNames().forEachRemaining(m::add);
            methods.put(p.getKey(), m);
        });
        assertThat(methods).isEqualTo(java.util.Map.of("/v1/openapi.yaml", List.of("get"), "/v1/ccu", List.of("get"),
                "/v1/records", List.of("post"), "/v1/decisions", List.of("post"), "/v1/responses/{requestId}", List.of("get")));
        // every $ref resolves inside the document
        java.util.regex.Matcher refs = java.util.regex.Pattern.compile("\\$ref: \"#/([^\"]+)\"")
                .matcher(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
        int n = 0;
        while (refs.find()) {
            assertThat(doc.at("/" + refs.group(1)).isMissingNode()).as(refs.group(1)).isFalse();
            n++;
        }
        assertThat(n).isGreaterThan(10);
        HttpResponse<String> wrong = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri().resolve("v1/openapi.yaml"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(405);
        assertThat(wrong.body()).isEqualTo("{\"error\":\"/v1/openapi.yaml: expected GET, found POST\"}");
    }
}
