package io.coalition.decisions.ccu;

import io.coalition.decisions.spec.DecisionOutcome;
import io.coalition.decisions.spec.DecisionSpecification;
import io.coalition.trust.cas.BlobStore;
import io.coalition.trust.cas.Cid;
import io.coalition.trust.cas.FileBlobStore;
import io.coalition.trust.envelope.Envelope;
import io.coalition.trust.envelope.Envelopes;
import io.coalition.trust.hpke.Hpke;
import io.coalition.trust.notary.LogNotary;
import io.coalition.trust.notary.Notary;
import io.coalition.trust.notary.Receipt;
import io.coalition.trust.pki.CertificateAuthority;
import io.coalition.trust.pki.CertificateValidator;
import io.coalition.trust.pki.Enrollment;
import io.coalition.trust.pki.ParticipantAttributes;
import io.coalition.trust.pki.ParticipantType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

/**
 * The CCU's whole path on seed 004's patient prioritization, with a real CA, HPKE envelopes, encrypted
 * content-addressed storage and a Merkle-log notary; and each security check refusing with its own reason.
 */
class CcuTest {
    static final Clock CLOCK = Clock.systemUTC();

    @TempDir
    Path dir;
    CertificateAuthority ca;
    DecisionSpecification spec;
    LogNotary notary;
    FileBlobStore files;
    SwappingStore store;
    Ccu ccu;
    Participant hub;
    Participant patient;
    Participant carrier;
    Envelopes sealer;
    RecordIndex index;
    byte[] seed;
    java.security.PrivateKey ccuKey;

    record Participant(KeyPair keys, X509Certificate certificate, Hpke.KeyPair hpke) {
    }

    /** A storage backend an attacker controls: it may hand out another blob than the one asked for. */
    static final class SwappingStore implements BlobStore {
        final BlobStore delegate;
        final Map<Cid, Cid> swaps = new HashMap<>();

        SwappingStore(BlobStore delegate) {
            this.delegate = delegate;
        }

        public Cid put(byte[] content) {
            return delegate.put(content);
        }

        public Optional<byte[]> get(Cid cid) {
            return delegate.get(swaps.getOrDefault(cid, cid));
        }

        public boolean contains(Cid cid) {
            return delegate.contains(cid);
        }
    }

    Participant enroll(String name, String role, String country, ParticipantType type) {
        KeyPair keys = Enrollment.newKeyPair();
        ParticipantAttributes a = new ParticipantAttributes("id-" + name, role, country, name, Set.of(type), true);
        X509Certificate c = ca.issue(Enrollment.request(keys, "CN=" + name, a), a, Duration.ofDays(30));
        return new Participant(keys, c, Hpke.DEFAULT.generateKeyPair());
    }

    @BeforeEach
    void setUp() throws Exception {
        ca = CertificateAuthority.create("Coalition Test CA", CLOCK);
        Path vaccine = Path.of(getClass().getResource("/io/coalition/decisions/vaccine").toURI());
        spec = DecisionSpecification.load(List.of(vaccine.resolve("aggregations.dmn"), vaccine.resolve("prioritization.dmn")),
                List.of(vaccine.resolve("vaccine.alfa")), dir.resolve("xacml"));
        notary = LogNotary.open(dir.resolve("notary.log"), "coalition-test", CLOCK);
        files = new FileBlobStore(dir.resolve("blobs"));
        store = new SwappingStore(files);
        Participant ccuId = enroll("ccu", "CCU", "IT", ParticipantType.CCU);
        ccuKey = ccuId.keys().getPrivate();
        seed = new byte[32];
        new java.security.SecureRandom().nextBytes(seed);
        index = RecordIndex.inMemory();
        ccu = new Ccu(spec, CertificateValidator.of(ca), ccuId.certificate(), ccuId.keys().getPrivate(), seed, store,
                notary, index, CLOCK, Duration.ofMinutes(10));
        hub = enroll("hub", "MedicalHub", "IT", ParticipantType.DECIDER);
        patient = enroll("patient", "Patient", "IT", ParticipantType.DATA_PROVIDER);
        carrier = enroll("carrier", "Carrier", "IT", ParticipantType.DATA_PROVIDER);
        sealer = new Envelopes(CLOCK, Duration.ofMinutes(10));
    }

    @AfterEach
    void tearDown() {
        spec.close();
        notary.close();
    }

    Envelope submission(Participant from, String recordId, Map<String, Object> fields) {
        byte[] payload = Ccu.json(new Ccu.Submission("PatientsWAggrKey", "Patient", recordId, fields));
        return sealer.seal(payload, Ccu.SUBMIT, from.certificate(), from.keys().getPrivate(), ccu.certificate(),
                ccu.hpkePublicKey());
    }

    Envelope request(Participant from, String function) {
        byte[] payload = Ccu.json(new Ccu.Request(function, "PatientsWAggrKey", from.hpke().publicKey()));
        return sealer.seal(payload, Ccu.DECIDE, from.certificate(), from.keys().getPrivate(), ccu.certificate(),
                ccu.hpkePublicKey());
    }

    static Map<String, Object> patientRecord(int age, String cond, String med, String vacc, String family, boolean consent) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("Age", age);
        p.put("PreExistingConditions", cond);
        p.put("CurrentMedications", med);
        p.put("PreviousVaccinations", vacc);
        p.put("FamilyMedicalHistory", family);
        p.put("ConsentFormSigned", consent);
        p.put("Address", "Via Roma " + age);
        return p;
    }

    Map<String, Map<String, Object>> submitPopulation() {
        Map<String, Map<String, Object>> records = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            records.put("h" + i, patientRecord(61 + i, "Diabetes", "Metformin", "COVID-19", "Heart Disease", true));
        }
        records.put("medium", patientRecord(25, "Asthma", "Metformin", "Influenza", "None", true));
        records.put("refused", patientRecord(70, "None", "None", "None", "None", false));
        records.put("none", patientRecord(45, "None", "None", "None", "None", true));
        records.forEach((id, r) -> ccu.submit(submission(patient, id, r), patient.certificate()));
        return records;
    }

    @Test
    void medicalHubGetsThePrioritizationOfEveryPatient_andNoRawData() {
        Map<String, Map<String, Object>> records = submitPopulation();
        Envelope response = ccu.decide(request(hub, "PatientPrioritizationWithAggr"), hub.certificate());

        DecisionOutcome got = Ccu.openResponse(response, ccu.certificate(), hub.certificate(), hub.hpke(),
                new Envelopes(CLOCK, Duration.ofMinutes(10)));
        DecisionOutcome plain = spec.evaluate(spec.function("PatientPrioritizationWithAggr"), records);
        assertThat(got.decisions()).extracting(DecisionOutcome.RecordDecision::recordId)
                .containsExactlyElementsOf(records.keySet());
        assertThat(got.decisions()).extracting(d -> d.output())
                .containsExactlyElementsOf(plain.decisions().stream().map(DecisionOutcome.RecordDecision::output).toList())
                .containsExactly("High", "High", "High", "High", "High", "High", null, "Ineligible", null);
        assertThat(new java.math.BigDecimal(got.aggregates().get("meanAge").toString())).isEqualByComparingTo("63.5");
        assertThat(new java.math.BigDecimal(got.aggregates().get("sumAge").toString())).isEqualByComparingTo("381");
        assertThat(new String(Ccu.json(got), StandardCharsets.UTF_8)).doesNotContain("Via Roma", "Metformin");
    }

    @Test
    void recordsStoredInTheFirstFormats_areStillDecided_andAForgedOneIsStillRefused() {
        Map<String, Map<String, Object>> records = submitPopulation();
        // what CCUs stored before the binary light copy and pointer form 2: JSON copies, pointer over the CIDs' text
        io.coalition.trust.records.RecordCipher cipher =
                new io.coalition.trust.records.RecordCipher(Ccu.derive(seed, "coalition-decisions ccu records"));
        Map<String, Object> fields = patientRecord(80, "Diabetes", "Metformin", "COVID-19", "Heart Disease", true);
        Cid full = store.put(cipher.encrypt("old", Ccu.aad("PatientsWAggrKey", "Patient", "old", "full"), Ccu.json(fields)));
        Cid light = store.put(cipher.encrypt("old", Ccu.aad("PatientsWAggrKey", "Patient", "old", "light"), Ccu.json(fields)));
        byte[] v1 = Ccu.pointerV1("PatientsWAggrKey", "Patient", "old", full, light);
        assertThat(v1).isNotEqualTo(Ccu.pointer("PatientsWAggrKey", "Patient", "old", full, light));
        notary.notarize(v1);
        index.add(new StoredRecord("PatientsWAggrKey", "Patient", "old", "id-patient", "m-old", full, light, v1));
        records.put("old", fields);

        DecisionOutcome got = Ccu.openResponse(ccu.decide(request(hub, "PatientPrioritizationWithAggr"), hub.certificate()),
                ccu.certificate(), hub.certificate(), hub.hpke(), new Envelopes(CLOCK, Duration.ofMinutes(10)));
        DecisionOutcome plain = spec.evaluate(spec.function("PatientPrioritizationWithAggr"), records);
        assertThat(got.decisions()).isEqualTo(plain.decisions());
        assertThat(got.decisions().get(9)).isEqualTo(new DecisionOutcome.RecordDecision("old", "High"));
        assertThat(new java.math.BigDecimal(got.aggregates().get("sumAge").toString())).isEqualByComparingTo("461");

        // the old record's CIDs under another id: neither pointer form of the forged entry was notarized
        index.add(new StoredRecord("PatientsWAggrKey", "Patient", "forged-old", "id-patient", "m-forged", full, light, v1));
        assertThatThrownBy(() -> ccu.decide(request(hub, "PatientPrioritizationWithAggr"), hub.certificate()))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.step()).isEqualTo(RefusedException.Step.NOTARY))
                .hasMessage("notary: record forged-old of PatientsWAggrKey: its pointer was never notarized");
    }

    @Test
    void pointerForm2_isSha256OfTheLengthPrefixedFieldsAndDigests() throws Exception {
        Cid full = Cid.of("full".getBytes(StandardCharsets.UTF_8));
        Cid light = Cid.of("light".getBytes(StandardCharsets.UTF_8));
        java.io.ByteArrayOutputStream in = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(in);
        for (byte[] part : List.of("coalition-decisions/pointer/v2".getBytes(StandardCharsets.UTF_8),
                "Names".getBytes(StandardCharsets.UTF_8), "Patient".getBytes(StandardCharsets.UTF_8),
                "p\u00e9".getBytes(StandardCharsets.UTF_8), full.digest(), light.digest())) {
            out.writeInt(part.length);
            out.write(part);
        }
        assertThat(Ccu.pointer("Names", "Patient", "p\u00e9", full, light))
                .isEqualTo(java.security.MessageDigest.getInstance("SHA-256").digest(in.toByteArray()));
    }

    /**
     * Issue 7: a decision request encodes the name and structure its records share once ({@code Ccu.Layout}); what
     * it hashes and authenticates per record must be byte for byte the forms used when storing, and an index entry
     * naming another name or structure is encoded from its own fields.
     */
    @Test
    void requestLayout_encodesPointerAndAadExactlyAsStored() {
        Cid full = Cid.of("full".getBytes(StandardCharsets.UTF_8));
        Cid light = Cid.of("light".getBytes(StandardCharsets.UTF_8));
        Ccu.Layout layout = new Ccu.Layout("Names", "Patient");
        for (String id : List.of("p0", "p\u00e9", "", "a-much-longer-record-id-with-\u20ac-and-\ud83d\ude00")) {
            byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
            StoredRecord same = new StoredRecord("Names", "Patient", id, "prov", "m", full, light, new byte[32]);
            assertThat(layout.pointer(same, bytes)).isEqualTo(Ccu.pointer("Names", "Patient", id, full, light));
            assertThat(layout.lightAad(same, bytes)).isEqualTo(Ccu.aad("Names", "Patient", id, "light"));
            for (StoredRecord other : List.of(
                    new StoredRecord("Other", "Patient", id, "prov", "m", full, light, new byte[32]),
                    new StoredRecord("Names", "Vial", id, "prov", "m", full, light, new byte[32]))) {
                assertThat(layout.pointer(other, bytes))
                        .isEqualTo(Ccu.pointer(other.dataName(), other.dataStructure(), id, full, light))
                        .isNotEqualTo(Ccu.pointer("Names", "Patient", id, full, light));
                assertThat(layout.lightAad(other, bytes))
                        .isEqualTo(Ccu.aad(other.dataName(), other.dataStructure(), id, "light"));
            }
        }
    }

    @Test
    void lightCopiesAreStoredInTheBinaryForm() {
        submitPopulation();
        io.coalition.trust.records.RecordCipher cipher =
                new io.coalition.trust.records.RecordCipher(Ccu.derive(seed, "coalition-decisions ccu records"));
        StoredRecord h0 = ccu.records("PatientsWAggrKey").get(0);
        byte[] light = cipher.decrypt("h0", Ccu.aad("PatientsWAggrKey", "Patient", "h0", "light"),
                files.get(h0.light()).orElseThrow());
        assertThat(light[0] & 0xff).isEqualTo(LightCopy.MARKER);
        assertThat(new java.util.TreeMap<>(assertDoesNotThrow(() -> LightCopy.parse(light)))).isEqualTo(new java.util.TreeMap<>(Map.of(
                "Age", 61, "PreExistingConditions", "Diabetes", "CurrentMedications", "Metformin",
                "PreviousVaccinations", "COVID-19", "FamilyMedicalHistory", "Heart Disease", "ConsentFormSigned", true)));
        assertThat(h0.pointer()).isEqualTo(Ccu.pointer("PatientsWAggrKey", "Patient", "h0", h0.full(), h0.light()));
    }

    @Test
    void recordsAreStoredEncryptedWithALightCopyAndNotarized() throws Exception {
        submitPopulation();
        List<StoredRecord> stored = ccu.records("PatientsWAggrKey");
        assertThat(stored).hasSize(9);
        for (StoredRecord s : stored) {
            byte[] full = files.get(s.full()).orElseThrow();
            byte[] light = files.get(s.light()).orElseThrow();
            assertThat(new String(full, StandardCharsets.ISO_8859_1)).doesNotContain("Via Roma", "Age");
            // the light copy drops Address: shorter by at least its JSON ("Address":"Via Roma NN")
            assertThat(full.length - light.length).isGreaterThanOrEqualTo(",\"Address\":\"Via Roma 25\"".length());
            assertThat(notary.lookup(s.pointer())).isPresent();
        }
    }

    @Test
    void patientMayNotCallTheFunction() {
        submitPopulation();
        assertThatThrownBy(() -> ccu.decide(request(patient, "PatientPrioritizationWithAggr"), patient.certificate()))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.step()).isEqualTo(RefusedException.Step.POLICY))
                .hasMessage("policy: id-patient (role Patient, country IT) may not call "
                        + "PatientPrioritizationWithAggr(Patient,meanAge,sumAge)");
    }

    @Test
    void carrierMayNotProvidePatients_andNothingIsStored() {
        assertThatThrownBy(() -> ccu.submit(submission(carrier, "x", patientRecord(30, "a", "b", "c", "d", true)),
                carrier.certificate()))
                .hasMessage("policy: id-carrier (role Carrier) may not provide Patient");
        assertThat(ccu.records("PatientsWAggrKey")).isEmpty();
    }

    @Test
    void revokedCertificate_isRefused() {
        submitPopulation();
        ca.revoke(hub.certificate().getSerialNumber(), CertificateAuthority.RevocationReason.KEY_COMPROMISE);
        assertThatThrownBy(() -> ccu.decide(request(hub, "PatientPrioritizationWithAggr"), hub.certificate()))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.step()).isEqualTo(RefusedException.Step.CERTIFICATE))
                .hasMessageStartingWith("certificate: certificate " + hub.certificate().getSerialNumber())
                .hasMessageContaining("revoked");
    }

    @Test
    void certificateFromAnotherCa_isRefused() {
        CertificateAuthority forger = CertificateAuthority.create("Coalition Test CA", CLOCK);
        KeyPair keys = Enrollment.newKeyPair();
        ParticipantAttributes a = new ParticipantAttributes("id-hub", "MedicalHub", "IT", "hub",
                Set.of(ParticipantType.DECIDER), true);
        X509Certificate forged = forger.issue(Enrollment.request(keys, "CN=hub", a), a, Duration.ofDays(30));
        Participant fake = new Participant(keys, forged, Hpke.DEFAULT.generateKeyPair());
        assertThatThrownBy(() -> ccu.decide(request(fake, "PatientPrioritizationWithAggr"), forged))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.step()).isEqualTo(RefusedException.Step.CERTIFICATE))
                .hasMessageContaining("signature does not verify");
    }

    @Test
    void replayedRequest_isRefused() {
        submitPopulation();
        Envelope once = request(hub, "PatientPrioritizationWithAggr");
        ccu.decide(once, hub.certificate());
        assertThatThrownBy(() -> ccu.decide(once, hub.certificate()))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.step()).isEqualTo(RefusedException.Step.ENVELOPE))
                .hasMessageContaining("already");
    }

    @Test
    void requestReplayedToAnotherReplica_isRefusedThroughTheSharedReplayStore() {
        submitPopulation();
        io.coalition.decisions.replay.ReplayStore shared = io.coalition.decisions.replay.ReplayStore.inMemory(CLOCK);
        Ccu a = new Ccu(spec, CertificateValidator.of(ca), ccu.certificate(), ccuKey, seed, store, notary, index, CLOCK,
                Duration.ofMinutes(10), shared);
        Ccu b = new Ccu(spec, CertificateValidator.of(ca), ccu.certificate(), ccuKey, seed, store, notary, index, CLOCK,
                Duration.ofMinutes(10), shared);
        Envelope once = request(hub, "PatientPrioritizationWithAggr");
        a.decide(once, hub.certificate(), "request:1");
        // the queue redelivering the same request (same correlation id) to B is not a replay
        b.decide(once, hub.certificate(), "request:1");
        Envelope again = request(hub, "PatientPrioritizationWithAggr");
        a.decide(again, hub.certificate());
        assertThatThrownBy(() -> b.decide(again, hub.certificate()))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.step()).isEqualTo(RefusedException.Step.ENVELOPE))
                .hasMessage("envelope: envelope " + again.header().messageId()
                        + ": already accepted by a CCU replica within the 10 min replay window (replay across replicas)");
        assertThatThrownBy(() -> b.decide(once, hub.certificate(), "request:2"))
                .hasMessage("envelope: envelope " + once.header().messageId() + ": already opened once (replay)");
        // without a shared store (each replica its own memory) the same envelope is answered once per replica
        Ccu alone = new Ccu(spec, CertificateValidator.of(ca), ccu.certificate(), ccuKey, seed, store, notary, index,
                CLOCK, Duration.ofMinutes(10));
        assertThat(alone.decide(again, hub.certificate())).isNotNull();
    }

    @Test
    void replayStoreOutage_refusesTheRequest_andTheSameReplicaServesItsRedeliveryAfterwards() {
        submitPopulation();
        io.coalition.decisions.replay.ReplayStore working = io.coalition.decisions.replay.ReplayStore.inMemory(CLOCK);
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
        io.coalition.decisions.replay.ReplayStore flaky = (key, claimant, expiresAt) -> {
            if (down.get()) {
                throw new io.coalition.decisions.DecisionsException("replay store: connection refused");
            }
            return working.claim(key, claimant, expiresAt);
        };
        Ccu a = new Ccu(spec, CertificateValidator.of(ca), ccu.certificate(), ccuKey, seed, store, notary, index, CLOCK,
                Duration.ofMinutes(10), flaky);
        Envelope once = request(hub, "PatientPrioritizationWithAggr");
        // fail closed: nothing is answered while the shared store cannot say whether the envelope is a replay
        assertThatThrownBy(() -> a.decide(once, hub.certificate(), "request:1"))
                .isExactlyInstanceOf(io.coalition.decisions.DecisionsException.class)
                .hasMessage("replay store: connection refused");
        down.set(false);
        // the queue redelivers the request to the same replica: served, not mistaken for a replay of itself
        assertThat(Ccu.openResponse(a.decide(once, hub.certificate(), "request:1"), ccu.certificate(),
                hub.certificate(), hub.hpke(), new Envelopes(CLOCK, Duration.ofMinutes(10))).decisions()).hasSize(9);
        // and the envelope sent again as a new request is still a replay
        assertThatThrownBy(() -> a.decide(once, hub.certificate(), "request:2"))
                .hasMessage("envelope: envelope " + once.header().messageId() + ": already opened once (replay)");
    }

    @Test
    void requestSignedWithAnotherKey_isRefused() {
        Envelope e = request(hub, "PatientPrioritizationWithAggr");
        // the hub's envelope presented with the patient's certificate
        assertThatThrownBy(() -> ccu.decide(e, patient.certificate()))
                .isInstanceOfSatisfying(RefusedException.class, x -> assertThat(x.step()).isEqualTo(RefusedException.Step.ENVELOPE))
                .hasMessageContaining("the sender certificate is not the one it names");
    }

    @Test
    void tamperedBlob_isRefused() throws Exception {
        submitPopulation();
        ccu.recordCache().clear(); // the cold path (a restarted replica or another one): the CCU reads the store
        StoredRecord r = ccu.records("PatientsWAggrKey").get(2);
        String name = r.light().toString();
        Path blob = dir.resolve("blobs").resolve(name.substring(name.length() - 2)).resolve(name);
        byte[] b = Files.readAllBytes(blob);
        b[b.length - 1] ^= 1;
        Files.write(blob, b);
        assertThatThrownBy(() -> ccu.decide(request(hub, "PatientPrioritizationWithAggr"), hub.certificate()))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.step()).isEqualTo(RefusedException.Step.STORE))
                .hasMessage("store: record h2: light copy " + name + " missing or not matching its CID");
    }

    @Test
    void blobSwappedWithAnotherRecords_isRefused() {
        submitPopulation();
        ccu.recordCache().clear(); // the cold path, as above
        List<StoredRecord> stored = ccu.records("PatientsWAggrKey");
        store.swaps.put(stored.get(0).light(), stored.get(7).light());
        assertThatThrownBy(() -> ccu.decide(request(hub, "PatientPrioritizationWithAggr"), hub.certificate()))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.step()).isEqualTo(RefusedException.Step.STORE))
                .hasMessage("store: record h0: light copy " + stored.get(0).light() + " missing or not matching its CID");
    }

    @Test
    void pointerMissingFromTheNotary_isRefused() throws Exception {
        submitPopulation();
        // a CCU replica whose notary never saw the pointers (a forked or rolled-back log)
        LogNotary other = LogNotary.open(dir.resolve("other.log"), "coalition-test", CLOCK);
        Notary forgetful = new Notary() {
            public Receipt notarize(byte[] hash) {
                return notary.notarize(hash);
            }

            public Optional<Receipt> lookup(byte[] hash) {
                return other.lookup(hash);
            }
        };
        byte[] seed = new byte[32];
        Participant ccuId = enroll("ccu2", "CCU", "IT", ParticipantType.CCU);
        Ccu replica = new Ccu(spec, CertificateValidator.of(ca), ccuId.certificate(), ccuId.keys().getPrivate(), seed,
                files, forgetful, RecordIndex.inMemory(), CLOCK, Duration.ofMinutes(10));
        Envelope sub = sealer.seal(Ccu.json(new Ccu.Submission("PatientsWAggrKey", "Patient", "p1",
                        patientRecord(30, "a", "b", "c", "d", true))), Ccu.SUBMIT, patient.certificate(),
                patient.keys().getPrivate(), replica.certificate(), replica.hpkePublicKey());
        replica.submit(sub, patient.certificate());
        replica.recordCache().clear(); // the cold path: the replica asks its notary (it trusted its own receipt when storing)
        Envelope req = sealer.seal(Ccu.json(new Ccu.Request("PatientPrioritizationWithAggr", "PatientsWAggrKey",
                        hub.hpke().publicKey())), Ccu.DECIDE, hub.certificate(), hub.keys().getPrivate(),
                replica.certificate(), replica.hpkePublicKey());
        assertThatThrownBy(() -> replica.decide(req, hub.certificate()))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.step()).isEqualTo(RefusedException.Step.NOTARY))
                .hasMessage("notary: record p1 of PatientsWAggrKey: its pointer was never notarized");
        other.close();
    }

    @Test
    void indexEntryPointingAtAnotherRecordsBlob_isRefusedByTheNotary() {
        submitPopulation();
        StoredRecord h0 = ccu.records("PatientsWAggrKey").get(0);
        StoredRecord h7 = ccu.records("PatientsWAggrKey").get(7);
        // a hostile index adds an entry for a new id whose CIDs are h7's (a swapped pointer)
        index.add(new StoredRecord("PatientsWAggrKey", "Patient", "forged", h0.provider(), "m-forged", h7.full(), h7.light(),
                h7.pointer()));
        assertThatThrownBy(() -> ccu.decide(request(hub, "PatientPrioritizationWithAggr"), hub.certificate()))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.step()).isEqualTo(RefusedException.Step.NOTARY))
                .hasMessage("notary: record forged of PatientsWAggrKey: its pointer was never notarized");
    }

    @Test
    void duplicateRecordId_isRefused() {
        ccu.submit(submission(patient, "p", patientRecord(30, "a", "b", "c", "d", true)), patient.certificate());
        assertThatThrownBy(() -> ccu.submit(submission(patient, "p", patientRecord(31, "a", "b", "c", "d", true)),
                patient.certificate()))
                .hasMessage("request: data name PatientsWAggrKey already holds record p");
    }

    @Test
    void replicaStopsMidStream_theOtherServesEveryRequestOnce() throws Exception {
        // a second replica: same seed (hence same HPKE key), certificate, store, notary and index
        io.coalition.decisions.queue.EmbeddedRequestQueue<CcuCall, CcuReply> queue =
                new io.coalition.decisions.queue.EmbeddedRequestQueue<>();
        Ccu replicaB = new Ccu(spec, CertificateValidator.of(ca), ccu.certificate(), ccuKey, seed, store, notary, index,
                CLOCK, Duration.ofMinutes(10));
        CcuWorker a = new CcuWorker("ccu-a", ccu, queue);
        CcuWorker b = new CcuWorker("ccu-b", replicaB, queue);

        Map<String, String> clientOf = new LinkedHashMap<>();
        Map<String, Map<String, Object>> records = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            Map<String, Object> r = patientRecord(61 + i, "Diabetes", "Metformin", "COVID-19", "Heart Disease", true);
            records.put("p" + i, r);
            clientOf.put(queue.send("patient", new CcuCall.Submit(submission(patient, "p" + i, r), patient.certificate())),
                    "patient");
        }
        String hubRequest = queue.send("hub", new CcuCall.Decide(request(hub, "PatientPrioritizationWithAggr"),
                hub.certificate()));
        clientOf.put(hubRequest, "hub");

        // A answers three, then takes two more and dies: one processed but unanswered, one untouched
        for (int i = 0; i < 3; i++) {
            assertThat(a.processOne(Duration.ZERO)).isTrue();
        }
        var processedNotAnswered = queue.receive("ccu-a", Duration.ZERO).orElseThrow();
        a.handle(processedNotAnswered.request(), processedNotAnswered.correlationId());
        queue.receive("ccu-a", Duration.ZERO).orElseThrow();
        assertThat(queue.reclaim("ccu-a")).isEqualTo(2);

        while (b.processOne(Duration.ZERO)) {
            // B serves the rest, the two reclaimed first
        }
        assertThat(queue.pending()).isZero();
        int answered = 0;
        for (var e : clientOf.entrySet()) {
            CcuReply reply = queue.response(e.getValue(), e.getKey(), Duration.ZERO).orElseThrow();
            assertThat(reply.isRefusal()).as(reply.refusal()).isFalse();
            assertThat(queue.response(e.getValue(), e.getKey(), Duration.ZERO)).isEmpty();
            answered++;
        }
        assertThat(answered).isEqualTo(9);
        assertThat(index.records("PatientsWAggrKey")).extracting(StoredRecord::recordId)
                .containsExactly("p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7");
        queue.close();
    }

    @Test
    void unknownFunction_isRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> ccu.decide(request(hub, "Restock"), hub.certificate()))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.step()).isEqualTo(RefusedException.Step.REQUEST))
                .hasMessage("request: no decision function 'Restock' (functions: [PatientPrioritizationWithAggr])");
    }
}
