package io.coalition.decisions.ccu;

import io.coalition.decisions.replay.ReplayStore;
import io.coalition.trust.envelope.Envelope;
import io.coalition.trust.pki.CertificateValidator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two replicas processing the same queue delivery at once (a lease taken over while its holder still works): the
 * other replica stores the record after this one's redelivery check and before its duplicate check. Both must
 * answer with the one stored record; a real duplicate (another envelope, same record id) is still refused.
 */
class ConcurrentDeliveryTest {
    @TempDir
    Path dir;
    CcuTest c;
    ReplayStore replays;
    Ccu a;
    Ccu b;
    /** Runs once, inside A's first redelivery lookup: B's whole processing of the same delivery. */
    Runnable otherReplica;

    @BeforeEach
    void setUp() throws Exception {
        c = new CcuTest();
        c.dir = dir;
        c.setUp();
        replays = ReplayStore.inMemory(CcuTest.CLOCK);
        RecordIndex racing = new RecordIndex() {
            @Override
            public void add(StoredRecord record) {
                c.index.add(record);
            }

            @Override
            public List<StoredRecord> records(String dataName) {
                return c.index.records(dataName);
            }

            @Override
            public Optional<StoredRecord> byMessage(String messageId) {
                Optional<StoredRecord> seen = c.index.byMessage(messageId);
                if (otherReplica != null) {
                    Runnable r = otherReplica;
                    otherReplica = null;
                    r.run();
                }
                return seen;
            }

            @Override
            public boolean contains(String dataName, String recordId) {
                return c.index.contains(dataName, recordId);
            }
        };
        a = replica(racing);
        b = replica(c.index);
    }

    Ccu replica(RecordIndex index) {
        return new Ccu(c.spec, CertificateValidator.of(c.ca), c.ccu.certificate(), c.ccuKey, c.seed, c.store, c.notary,
                index, CcuTest.CLOCK, Duration.ofMinutes(10), replays);
    }

    @AfterEach
    void tearDown() {
        c.tearDown();
    }

    @Test
    void submissionStoredByTheOtherReplicaMeanwhile_isAnsweredWithThatRecord() {
        Envelope e = c.submission(c.patient, "p11", CcuTest.patientRecord(71, "a", "b", "c", "d", true));
        List<StoredRecord> byB = new ArrayList<>();
        otherReplica = () -> byB.add(b.submit(e, c.patient.certificate(), "request:7"));

        StoredRecord byA = a.submit(e, c.patient.certificate(), "request:7");

        assertThat(byB).hasSize(1);
        assertThat(byA).isSameAs(byB.get(0));
        assertThat(c.index.records("PatientsWAggrKey")).containsExactly(byA);
        // a different envelope for the same record id is a real clash
        Envelope other = c.submission(c.patient, "p11", CcuTest.patientRecord(72, "a", "b", "c", "d", true));
        assertThatThrownBy(() -> a.submit(other, c.patient.certificate(), "request:8"))
                .hasMessage("request: data name PatientsWAggrKey already holds record p11");
    }

    @Test
    void batchStoredByTheOtherReplicaMeanwhile_isAnsweredWithThoseRecords() {
        List<Ccu.BatchRecord> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            records.add(new Ccu.BatchRecord("h" + i, CcuTest.patientRecord(61 + i, "a", "b", "c", "d", true)));
        }
        Envelope e = c.sealer.seal(Ccu.json(new Ccu.Batch("PatientsWAggrKey", "Patient", records)), Ccu.SUBMIT_BATCH,
                c.patient.certificate(), c.patient.keys().getPrivate(), c.ccu.certificate(), c.ccu.hpkePublicKey());
        List<StoredRecord> byB = new ArrayList<>();
        otherReplica = () -> byB.addAll(b.submitBatch(e, c.patient.certificate(), "request:9"));

        List<StoredRecord> byA = a.submitBatch(e, c.patient.certificate(), "request:9");

        assertThat(byB).extracting(StoredRecord::recordId).containsExactly("h0", "h1", "h2", "h3");
        assertThat(byA).isEqualTo(byB);
        assertThat(c.index.records("PatientsWAggrKey")).isEqualTo(byB);
    }
}
