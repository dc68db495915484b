package io.coalition.decisions.ccu;

import io.coalition.decisions.spec.DecisionOutcome;
import io.coalition.trust.envelope.Envelope;
import io.coalition.trust.envelope.Envelopes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A provider's data set in one envelope ({@link Ccu#submitBatch}): stored like single submissions, refused whole. */
class CcuBatchTest {
    @TempDir
    Path dir;
    CcuTest c;

    @BeforeEach
    void setUp() throws Exception {
        c = new CcuTest();
        c.dir = dir;
        c.setUp();
    }

    @AfterEach
    void tearDown() {
        c.tearDown();
    }

    Envelope batch(CcuTest.Participant from, List<Ccu.BatchRecord> records) {
        return c.sealer.seal(Ccu.json(new Ccu.Batch("PatientsWAggrKey", "Patient", records)), Ccu.SUBMIT_BATCH,
                from.certificate(), from.keys().getPrivate(), c.ccu.certificate(), c.ccu.hpkePublicKey());
    }

    List<Ccu.BatchRecord> population() {
        List<Ccu.BatchRecord> out = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            out.add(new Ccu.BatchRecord("h" + i, CcuTest.patientRecord(61 + i, "Diabetes", "Metformin", "COVID-19",
                    "Heart Disease", true)));
        }
        out.add(new Ccu.BatchRecord("refused", CcuTest.patientRecord(70, "None", "None", "None", "None", false)));
        return out;
    }

    @Test
    void batchIsStoredAndDecidedLikeSingleSubmissions_andRedeliveryStoresNothingTwice() {
        Envelope e = batch(c.patient, population());
        List<StoredRecord> stored = c.ccu.submitBatch(e, c.patient.certificate());
        assertThat(stored).extracting(StoredRecord::recordId).containsExactly("h0", "h1", "h2", "h3", "h4", "h5", "refused");
        assertThat(c.ccu.submitBatch(e, c.patient.certificate())).isEqualTo(stored);
        assertThat(c.ccu.records("PatientsWAggrKey")).hasSize(7);
        for (StoredRecord s : stored) {
            assertThat(c.notary.lookup(s.pointer())).isPresent();
        }
        DecisionOutcome got = Ccu.openResponse(c.ccu.decide(c.request(c.hub, "PatientPrioritizationWithAggr"),
                        c.hub.certificate()), c.ccu.certificate(), c.hub.certificate(), c.hub.hpke(),
                new Envelopes(CcuTest.CLOCK, Duration.ofMinutes(10)));
        assertThat(got.decisions()).extracting(DecisionOutcome.RecordDecision::output)
                .containsExactly("High", "High", "High", "High", "High", "High", "Ineligible");
        assertThat(got.summary()).isEqualTo(Map.of("High", 6L, "Ineligible", 1L));
    }

    @Test
    void repeatedRecordId_refusesTheWholeBatch() {
        List<Ccu.BatchRecord> records = population();
        records.add(new Ccu.BatchRecord("h2", CcuTest.patientRecord(30, "a", "b", "c", "d", true)));
        assertThatThrownBy(() -> c.ccu.submitBatch(batch(c.patient, records), c.patient.certificate()))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.step()).isEqualTo(RefusedException.Step.REQUEST))
                .hasMessage("request: data name PatientsWAggrKey already holds record h2 (records[7])");
        assertThat(c.ccu.records("PatientsWAggrKey")).isEmpty();
    }

    @Test
    void providerNotAllowed_isRefusedAndNothingIsStored() {
        assertThatThrownBy(() -> c.ccu.submitBatch(batch(c.carrier, population()), c.carrier.certificate()))
                .hasMessage("policy: id-carrier (role Carrier) may not provide Patient");
        assertThat(c.ccu.records("PatientsWAggrKey")).isEmpty();
    }

    @Test
    void flippedByteInTheBatch_isRefusedByTheEnvelopeCheck() {
        Envelope e = batch(c.patient, population());
        byte[] ct = e.ciphertext();
        ct[ct.length / 2] ^= 1;
        Envelope tampered = new Envelope(e.header(), e.encapsulatedKey(), ct, e.signature());
        assertThatThrownBy(() -> c.ccu.submitBatch(tampered, c.patient.certificate()))
                .isInstanceOfSatisfying(RefusedException.class, x -> assertThat(x.step()).isEqualTo(RefusedException.Step.ENVELOPE));
        assertThat(c.ccu.records("PatientsWAggrKey")).isEmpty();
    }

    @Test
    void batchSentAsASingleSubmission_isRefused() {
        Envelope e = batch(c.patient, population());
        assertThatThrownBy(() -> c.ccu.submit(e, c.patient.certificate()))
                .isInstanceOfSatisfying(RefusedException.class, x -> assertThat(x.step()).isEqualTo(RefusedException.Step.ENVELOPE));
    }
}
