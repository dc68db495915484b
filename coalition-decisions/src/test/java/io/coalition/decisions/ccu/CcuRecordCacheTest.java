package io.coalition.decisions.ccu;

import io.coalition.decisions.demo.VaccineCampaign;
import io.coalition.decisions.replay.ReplayStore;
import io.coalition.decisions.spec.DecisionOutcome;
import io.coalition.decisions.spec.DecisionSpecification;
import io.coalition.trust.cas.BlobStore;
import io.coalition.trust.cas.Cid;
import io.coalition.trust.cas.FileBlobStore;
import io.coalition.trust.envelope.Envelope;
import io.coalition.trust.envelope.Envelopes;
import io.coalition.trust.notary.LogNotary;
import io.coalition.trust.notary.Notary;
import io.coalition.trust.notary.Receipt;
import io.coalition.trust.pki.CertificateAuthority;
import io.coalition.trust.pki.CertificateValidator;
import io.coalition.trust.pki.ParticipantType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The CCU's {@link VerifiedRecordCache} on seed 004's campaign: repeated decisions read nothing from the store and
 * answer alike; every pointer is still recomputed per record and request, and one the cache does not hold is
 * looked up in the notary (a tampered index entry is refused exactly as without the cache); a blob swapped in the
 * store after caching is not read (and a cold CCU refuses it); eviction, budget 0 and the parallel pass keep every
 * outcome identical to the plain evaluation.
 */
class CcuRecordCacheTest {
    static final String PATIENTS = "PatientsWAggrKey";
    static final String CENTERS = "Centers";
    static final String PRIORITIZATION = "PatientPrioritizationWithAggr";

    @TempDir
    Path dir;
    CertificateAuthority ca;
    DecisionSpecification spec;
    LogNotary notary;
    CountingNotary counted;
    CountingStore store;
    HostileIndex index;
    byte[] seed;
    CcuTest.Participant ccuId;
    CcuTest.Participant hub;
    CcuTest.Participant patient;
    CcuTest.Participant center;
    Envelopes sealer;

    /** A store an attacker runs: counts reads of each blob and may hand out another blob than the one asked for. */
    static final class CountingStore implements BlobStore {
        final BlobStore delegate;
        final Map<Cid, Cid> swaps = new ConcurrentHashMap<>();
        final AtomicInteger reads = new AtomicInteger();

        CountingStore(BlobStore delegate) {
            this.delegate = delegate;
        }

        public Cid put(byte[] content) {
            return delegate.put(content);
        }

        public Optional<byte[]> get(Cid cid) {
            reads.incrementAndGet();
            return delegate.get(swaps.getOrDefault(cid, cid));
        }

        public boolean contains(Cid cid) {
            return delegate.contains(cid);
        }
    }

    /** An index an attacker runs: may rewrite the entries it hands out. */
    static final class HostileIndex implements RecordIndex {
        final RecordIndex delegate = RecordIndex.inMemory();
        volatile UnaryOperator<StoredRecord> rewrite = UnaryOperator.identity();

        public void add(StoredRecord record) {
            delegate.add(record);
        }

        public List<StoredRecord> records(String dataName) {
            return delegate.records(dataName).stream().map(rewrite).toList();
        }

        public Optional<StoredRecord> byMessage(String messageId) {
            return delegate.byMessage(messageId);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        ca = CertificateAuthority.create("Coalition Test CA", CcuTest.CLOCK);
        List<Path> files = VaccineCampaign.writeCampaign(dir.resolve("campaign"));
        spec = DecisionSpecification.load(files.subList(0, files.size() - 1), List.of(files.get(files.size() - 1)),
                dir.resolve("xacml"));
        notary = LogNotary.open(dir.resolve("notary.log"), "coalition-test", CcuTest.CLOCK);
        counted = new CountingNotary(notary);
        store = new CountingStore(new FileBlobStore(dir.resolve("blobs")));
        index = new HostileIndex();
        seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        ccuId = enroll("ccu", "CCU", ParticipantType.CCU);
        hub = enroll("hub", "MedicalHub", ParticipantType.DECIDER);
        patient = enroll("patient", "Patient", ParticipantType.DATA_PROVIDER);
        center = enroll("center", "VaccinationCenter", ParticipantType.DATA_PROVIDER);
        sealer = new Envelopes(CcuTest.CLOCK, Duration.ofMinutes(10));
    }

    @AfterEach
    void tearDown() {
        spec.close();
        notary.close();
    }

    CcuTest.Participant enroll(String name, String role, ParticipantType type) {
        CcuTest t = new CcuTest();
        t.ca = ca;
        return t.enroll(name, role, "IT", type);
    }

    /** A CCU on the shared seed, store, notary and index, with its own (empty) cache of {@code budget} bytes. */
    Ccu ccu(long budget) {
        return new Ccu(spec, CertificateValidator.of(ca), ccuId.certificate(), ccuId.keys().getPrivate(), seed, store,
                counted, index, CcuTest.CLOCK, Duration.ofMinutes(10), ReplayStore.inMemory(CcuTest.CLOCK), budget);
    }

    /** The notary, counting the CCU's membership questions. */
    static final class CountingNotary implements Notary {
        final Notary delegate;
        final java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();

        CountingNotary(Notary delegate) {
            this.delegate = delegate;
        }

        @Override
        public Receipt notarize(byte[] hash) {
            return delegate.notarize(hash);
        }

        @Override
        public List<Receipt> notarizeAll(List<byte[]> hashes) {
            return delegate.notarizeAll(hashes);
        }

        @Override
        public java.util.Optional<Receipt> lookup(byte[] hash) {
            lookups.incrementAndGet();
            return delegate.lookup(hash);
        }

        @Override
        public boolean contains(byte[] hash) {
            lookups.incrementAndGet();
            return delegate.contains(hash);
        }
    }

    void submit(Ccu ccu, CcuTest.Participant from, String dataName, String structure, Map<String, Map<String, Object>> records) {
        List<Ccu.BatchRecord> batch = new ArrayList<>();
        records.forEach((id, fields) -> batch.add(new Ccu.BatchRecord(id, fields)));
        Envelope e = sealer.seal(Ccu.json(new Ccu.Batch(dataName, structure, batch)), Ccu.SUBMIT_BATCH,
                from.certificate(), from.keys().getPrivate(), ccu.certificate(), ccu.hpkePublicKey());
        ccu.submitBatch(e, from.certificate());
    }

    DecisionOutcome decide(Ccu ccu, String function, String dataName) {
        Envelope request = sealer.seal(Ccu.json(new Ccu.Request(function, dataName, hub.hpke().publicKey())),
                Ccu.DECIDE, hub.certificate(), hub.keys().getPrivate(), ccu.certificate(), ccu.hpkePublicKey());
        return Ccu.openResponse(ccu.decide(request, hub.certificate()), ccu.certificate(), hub.certificate(),
                hub.hpke(), new Envelopes(CcuTest.CLOCK, Duration.ofMinutes(10)));
    }

    /** Seed 004's patients: 6 high priority, one medium, one refused consent, one no match; then {@code more} random. */
    static Map<String, Map<String, Object>> patients(int more) {
        Map<String, Map<String, Object>> records = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            records.put("h" + i, CcuTest.patientRecord(61 + i, "Diabetes", "Metformin", "COVID-19", "Heart Disease", true));
        }
        records.put("medium", CcuTest.patientRecord(25, "Asthma", "Metformin", "Influenza", "None", true));
        records.put("refused", CcuTest.patientRecord(70, "None", "None", "None", "None", false));
        records.put("none", CcuTest.patientRecord(45, "None", "None", "None", "None", true));
        Random r = new Random(7);
        String[] conditions = {"Diabetes", "Asthma", "None"};
        String[] vaccinations = {"COVID-19", "Influenza", "None"};
        String[] history = {"Heart Disease", "None"};
        for (int i = 0; i < more; i++) {
            records.put("p" + i, CcuTest.patientRecord(18 + r.nextInt(75), conditions[r.nextInt(3)], "Metformin",
                    vaccinations[r.nextInt(3)], history[r.nextInt(2)], r.nextInt(10) > 0));
        }
        return records;
    }

    /** Table VII's vaccination centers, with stock levels spread over every rule. */
    static Map<String, Map<String, Object>> centers(int n) {
        Random r = new Random(11);
        Map<String, Map<String, Object>> records = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            int capacity = 200 + r.nextInt(2_000);
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("CurrentVaccineStockLevel", r.nextInt(capacity + 1));
            c.put("MaxStorageCapacity", capacity);
            c.put("PopulationServed", 1_000 + r.nextInt(200_000));
            c.put("VaccinationProgress", new BigDecimal(r.nextInt(101)).movePointLeft(2));
            c.put("Address", "Via Napoli " + i);
            records.put("c" + i, c);
        }
        return records;
    }

    static List<Object> outputs(DecisionOutcome o) {
        return o.decisions().stream().map(DecisionOutcome.RecordDecision::output).toList();
    }

    @Test
    void secondDecision_answersAlike_andReadsNothingFromTheStore() {
        Ccu ccu = ccu(VerifiedRecordCache.defaultBytes());
        Map<String, Map<String, Object>> records = patients(0);
        submit(ccu, patient, PATIENTS, "Patient", records);
        ccu.recordCache().clear(); // what the CCU stored itself it holds already (next test): start cold

        DecisionOutcome first = decide(ccu, PRIORITIZATION, PATIENTS);
        assertThat(store.reads.get()).isEqualTo(9); // each light copy once
        assertThat(counted.lookups.get()).isEqualTo(9); // each pointer found in the notary before its copy is opened
        DecisionOutcome second = decide(ccu, PRIORITIZATION, PATIENTS);
        assertThat(store.reads.get()).isEqualTo(9);
        // a cached pointer was notarized when admitted and stays so: the cache answers for the notary
        assertThat(counted.lookups.get()).isEqualTo(9);

        assertThat(second).isEqualTo(first);
        assertThat(outputs(second)).containsExactly("High", "High", "High", "High", "High", "High", null, "Ineligible", null);
        assertThat(outputs(second)).isEqualTo(outputs(spec.evaluate(spec.function(PRIORITIZATION), records)));
        assertThat(new BigDecimal(second.aggregates().get("sumAge").toString())).isEqualByComparingTo("381");
        VerifiedRecordCache.Stats s = ccu.recordCache().stats();
        assertThat(s.entries()).isEqualTo(9);
        assertThat(s.hits()).isEqualTo(9);
        assertThat(s.misses()).isEqualTo(9);
    }

    @Test
    void recordsThisCcuStored_areDecidedFromItsCache_withoutReadingTheStore_anotherCcuReadsThem() {
        Ccu ccu = ccu(VerifiedRecordCache.defaultBytes());
        Map<String, Map<String, Object>> records = patients(0);
        submit(ccu, patient, PATIENTS, "Patient", records);
        VerifiedRecordCache.Stats stored = ccu.recordCache().stats();
        assertThat(stored.entries()).isEqualTo(9);
        int readsBefore = store.reads.get();
        int lookupsBefore = counted.lookups.get();

        DecisionOutcome first = decide(ccu, PRIORITIZATION, PATIENTS);
        assertThat(store.reads.get()).isEqualTo(readsBefore); // nothing fetched, decrypted or parsed
        assertThat(counted.lookups.get()).isEqualTo(lookupsBefore);
        assertThat(ccu.recordCache().stats().hits()).isEqualTo(9);
        assertThat(outputs(first)).isEqualTo(outputs(spec.evaluate(spec.function(PRIORITIZATION), records)));
        assertThat(new BigDecimal(first.aggregates().get("meanAge").toString())).isEqualByComparingTo("63.5");

        // the same records through a CCU that did not store them: read, checked and decided alike
        Ccu other = ccu(VerifiedRecordCache.defaultBytes());
        assertThat(decide(other, PRIORITIZATION, PATIENTS)).isEqualTo(first);
        assertThat(store.reads.get()).isEqualTo(readsBefore + 9);
        // with the cache off nothing is kept when storing
        Ccu off = ccu(0);
        submit(off, patient, "Others", "Patient", patients(100));
        assertThat(off.recordCache().stats().entries()).isZero();
    }

    @Test
    void indexEntryTamperedAfterCaching_isRefusedByTheNotary_asWithoutTheCache() {
        Ccu cached = ccu(VerifiedRecordCache.defaultBytes());
        submit(cached, patient, PATIENTS, "Patient", patients(0));
        decide(cached, PRIORITIZATION, PATIENTS); // every record cached
        List<StoredRecord> stored = index.delegate.records(PATIENTS);
        StoredRecord h7 = stored.get(7);
        String expected = "notary: record h2 of PatientsWAggrKey: its pointer was never notarized";

        // h2's entry now names h7's light copy (a swapped pointer), then h7's copies under h2's id with a new
        // structure, then h2 with its own CIDs but under another record id's tuple: each recomputed pointer is new
        List<UnaryOperator<StoredRecord>> tampers = List.of(
                r -> r.recordId().equals("h2") ? new StoredRecord(r.dataName(), r.dataStructure(), r.recordId(),
                        r.provider(), r.messageId(), r.full(), h7.light(), r.pointer()) : r,
                r -> r.recordId().equals("h2") ? new StoredRecord(r.dataName(), r.dataStructure(), r.recordId(),
                        r.provider(), r.messageId(), h7.full(), h7.light(), h7.pointer()) : r,
                r -> r.recordId().equals("h2") ? new StoredRecord(r.dataName(), r.dataStructure(), r.recordId(),
                        r.provider(), r.messageId(), h7.full(), r.light(), r.pointer()) : r);
        Ccu cold = ccu(0);
        for (UnaryOperator<StoredRecord> tamper : tampers) {
            index.rewrite = tamper;
            for (Ccu c : List.of(cached, cold)) {
                int reads = store.reads.get();
                int lookups = counted.lookups.get();
                assertThatThrownBy(() -> decide(c, PRIORITIZATION, PATIENTS))
                        .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.step()).isEqualTo(RefusedException.Step.NOTARY))
                        .hasMessage(expected);
                if (c == cached) {
                    assertThat(store.reads.get()).isEqualTo(reads);
                    // h2's new pointer is not cached: the notary is asked (both pointer forms) and says no
                    assertThat(counted.lookups.get()).isEqualTo(lookups + 2);
                }
            }
        }
        // an entry for a new id reusing h7's CIDs and pointer, next to the cached ones
        index.rewrite = UnaryOperator.identity();
        index.add(new StoredRecord(PATIENTS, "Patient", "forged", h7.provider(), "m-forged", h7.full(), h7.light(),
                h7.pointer()));
        for (Ccu c : List.of(cached, cold)) {
            assertThatThrownBy(() -> decide(c, PRIORITIZATION, PATIENTS))
                    .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.step()).isEqualTo(RefusedException.Step.NOTARY))
                    .hasMessage("notary: record forged of PatientsWAggrKey: its pointer was never notarized");
        }
    }

    @Test
    void blobSwappedInTheStoreAfterCaching_isNotRead_andAColdCcuRefusesIt() {
        Ccu cached = ccu(VerifiedRecordCache.defaultBytes());
        submit(cached, patient, PATIENTS, "Patient", patients(0));
        DecisionOutcome before = decide(cached, PRIORITIZATION, PATIENTS);
        List<StoredRecord> stored = index.records(PATIENTS);
        store.swaps.put(stored.get(0).light(), stored.get(7).light());

        int reads = store.reads.get();
        assertThat(decide(cached, PRIORITIZATION, PATIENTS)).isEqualTo(before);
        assertThat(store.reads.get()).isEqualTo(reads);

        Ccu cold = ccu(VerifiedRecordCache.defaultBytes()); // a new instance: empty cache
        assertThatThrownBy(() -> decide(cold, PRIORITIZATION, PATIENTS))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.step()).isEqualTo(RefusedException.Step.STORE))
                .hasMessage("store: record h0: light copy " + stored.get(0).light() + " missing or not matching its CID");
        // what the cold CCU opened before refusing stays verified; the swapped record was not cached
        store.swaps.clear();
        assertThat(decide(cold, PRIORITIZATION, PATIENTS)).isEqualTo(before);
    }

    @Test
    void smallBudget_evicts_andEveryAnswerStaysCorrect() {
        Map<String, Map<String, Object>> records = patients(40);
        Ccu probe = ccu(VerifiedRecordCache.defaultBytes());
        submit(probe, patient, PATIENTS, "Patient", records);
        decide(probe, PRIORITIZATION, PATIENTS);
        long perEntry = probe.recordCache().stats().estimatedBytes() / records.size();

        Ccu small = ccu(10 * perEntry); // about a fifth of the 49 records
        List<Object> plain = outputs(spec.evaluate(spec.function(PRIORITIZATION), records));
        DecisionOutcome first = decide(small, PRIORITIZATION, PATIENTS);
        int reads = store.reads.get();
        for (int i = 0; i < 3; i++) {
            DecisionOutcome again = decide(small, PRIORITIZATION, PATIENTS);
            assertThat(again).isEqualTo(first);
        }
        assertThat(outputs(first)).isEqualTo(plain);
        VerifiedRecordCache.Stats s = small.recordCache().stats();
        assertThat(s.entries()).isBetween(1L, 10L);
        assertThat(s.estimatedBytes()).isLessThanOrEqualTo(10 * perEntry);
        assertThat(s.evictions()).isGreaterThan(0);
        assertThat(store.reads.get() - reads).isGreaterThan(0); // evicted records were fetched again
    }

    @Test
    void budgetZero_takesTheColdPathEveryTime() {
        Ccu off = ccu(0);
        submit(off, patient, PATIENTS, "Patient", patients(0));
        DecisionOutcome first = decide(off, PRIORITIZATION, PATIENTS);
        assertThat(store.reads.get()).isEqualTo(9);
        assertThat(decide(off, PRIORITIZATION, PATIENTS)).isEqualTo(first);
        assertThat(store.reads.get()).isEqualTo(18);
        assertThat(off.recordCache().stats()).isEqualTo(new VerifiedRecordCache.Stats(0, 0, 0, 0, 0, 0));
    }

    @Test
    void parallelPass_givesTheSameOutcomesCachedColdAndUnderEviction() {
        int n = DecisionSpecification.PARALLEL_FROM + 200;
        Map<String, Map<String, Object>> patientRecords = patients(n);
        Map<String, Map<String, Object>> centerRecords = centers(n);
        Ccu cached = ccu(VerifiedRecordCache.defaultBytes());
        submit(cached, patient, PATIENTS, "Patient", patientRecords);
        submit(cached, center, CENTERS, "VaccinationCenter", centerRecords);
        Ccu cold = ccu(0);
        Ccu evicting = ccu(64 << 10); // a few hundred records' worth

        // Restock has no aggregations (decided in the parallel pass itself); the prioritization aggregates first
        for (String[] call : new String[][]{{"Restock", CENTERS}, {PRIORITIZATION, PATIENTS}}) {
            Map<String, Map<String, Object>> records = call[1].equals(CENTERS) ? centerRecords : patientRecords;
            DecisionOutcome plain = spec.evaluate(spec.function(call[0]), records);
            DecisionOutcome reference = decide(cold, call[0], call[1]);
            assertThat(outputs(reference)).isEqualTo(outputs(plain));
            assertThat(new java.util.HashSet<>(outputs(reference))).hasSizeGreaterThan(2); // several rules hit
            for (Ccu c : List.of(cached, evicting)) {
                for (int i = 0; i < 3; i++) {
                    assertThat(decide(c, call[0], call[1])).isEqualTo(reference);
                }
            }
        }
        assertThat(cached.recordCache().stats().entries()).isEqualTo(2L * n + 9);
        assertThat(cached.recordCache().stats().evictions()).isZero();
        assertThat(evicting.recordCache().stats().evictions()).isGreaterThan(0);
    }
}
