package io.coalition.decisions.ccu;

import io.coalition.decisions.DecisionsException;
import io.coalition.trust.cas.Cid;
import io.coalition.trust.envelope.Envelope;
import io.coalition.trust.pki.CertificateAuthority;
import io.coalition.trust.pki.Enrollment;
import io.coalition.trust.pki.ParticipantAttributes;
import io.coalition.trust.pki.ParticipantType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The CCU wire format: what is encoded decodes to the same call or reply; anything else is refused by name. */
class CcuWireTest {
    static final Envelope ENVELOPE = new Envelope(new Envelope.Header("m-1", Ccu.DECIDE, "aa".repeat(32), "bb".repeat(32),
            Instant.parse("2026-11-23T10:00:00.123456789Z")), new byte[] {1, 2, 3}, new byte[] {4, 5}, new byte[] {6});

    static X509Certificate certificate() {
        CertificateAuthority ca = CertificateAuthority.create("Coalition Test CA", Clock.systemUTC());
        KeyPair keys = Enrollment.newKeyPair();
        ParticipantAttributes a = new ParticipantAttributes("id-hub", "MedicalHub", "IT", "hub",
                Set.of(ParticipantType.DECIDER), true);
        return ca.issue(Enrollment.request(keys, "hub", a), a, Duration.ofDays(1));
    }

    static void assertSameEnvelope(Envelope got) {
        assertThat(got.header()).isEqualTo(ENVELOPE.header());
        assertThat(got.encapsulatedKey()).isEqualTo(ENVELOPE.encapsulatedKey());
        assertThat(got.ciphertext()).isEqualTo(ENVELOPE.ciphertext());
        assertThat(got.signature()).isEqualTo(ENVELOPE.signature());
    }

    @Test
    void callsRoundTrip() {
        X509Certificate c = certificate();
        CcuCall got = CcuWire.CALLS.decode(CcuWire.CALLS.encode(new CcuCall.Decide(ENVELOPE, c)));
        assertThat(got).isInstanceOf(CcuCall.Decide.class);
        assertThat(got.sender()).isEqualTo(c);
        assertSameEnvelope(got.envelope());
        assertThat(CcuWire.CALLS.decode(CcuWire.CALLS.encode(new CcuCall.Submit(ENVELOPE, c))))
                .isInstanceOf(CcuCall.Submit.class);
        assertThat(CcuWire.CALLS.decode(CcuWire.CALLS.encode(new CcuCall.SubmitBatch(ENVELOPE, c))))
                .isInstanceOf(CcuCall.SubmitBatch.class);
    }

    @Test
    void repliesRoundTrip() {
        Cid full = Cid.of("full".getBytes(StandardCharsets.UTF_8));
        Cid light = Cid.of("light".getBytes(StandardCharsets.UTF_8));
        StoredRecord s = new StoredRecord("Patients", "Patient", "p1", "id-p", "m-1", full, light, new byte[] {9, 8});
        CcuReply stored = CcuWire.REPLIES.decode(CcuWire.REPLIES.encode(CcuReply.stored(s)));
        assertThat(stored.stored()).usingRecursiveComparison().isEqualTo(s);
        StoredRecord s2 = new StoredRecord("Patients", "Patient", "p2", "id-p", "m-1", light, full, new byte[] {7});
        CcuReply batch = CcuWire.REPLIES.decode(CcuWire.REPLIES.encode(CcuReply.storedBatch(java.util.List.of(s, s2))));
        assertThat(batch.stored()).isNull();
        assertThat(batch.batch()).usingRecursiveFieldByFieldElementComparator().containsExactly(s, s2);
        assertSameEnvelope(CcuWire.REPLIES.decode(CcuWire.REPLIES.encode(CcuReply.decision(ENVELOPE))).decision());
        CcuReply refused = CcuWire.REPLIES.decode(CcuWire.REPLIES.encode(CcuReply.refused(
                new RefusedException(RefusedException.Step.POLICY, "id-p may not call f", null))));
        assertThat(refused.refusedAt()).isEqualTo(RefusedException.Step.POLICY);
        assertThat(refused.refusal()).isEqualTo("policy: id-p may not call f");
    }

    @Test
    void badInput_isRefusedNamingTheField() {
        assertThatThrownBy(() -> CcuWire.CALLS.decode("{\"v\":2}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DecisionsException.class)
                .hasMessage("CCU wire: the call is not a version 1 object (field v must be 1)");
        assertThatThrownBy(() -> CcuWire.CALLS.decode("{\"v\":1,\"type\":\"decide\",\"sender\":\"AAAA\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("CCU wire: call.sender is not a DER X.509 certificate: ");
        String call = new String(CcuWire.CALLS.encode(new CcuCall.Decide(ENVELOPE, certificate())), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CcuWire.CALLS.decode(call.replace("\"decide\"", "\"delete\"").getBytes(StandardCharsets.UTF_8)))
                .hasMessage("CCU wire: call.type 'delete' is not submit, submit-batch or decide");
        assertThatThrownBy(() -> CcuWire.CALLS.decode(call.replace("\"ciphertext\":\"BAU=\"", "\"ciphertext\":7")
                .getBytes(StandardCharsets.UTF_8)))
                .hasMessage("CCU wire: call.envelope.ciphertext is missing or not a string");
        assertThatThrownBy(() -> CcuWire.REPLIES.decode("{\"v\":1,\"refused\":{\"step\":\"LUCK\",\"reason\":\"x\"}}"
                .getBytes(StandardCharsets.UTF_8)))
                .hasMessage("CCU wire: reply.refused.step 'LUCK' is not a refusal step");
        assertThatThrownBy(() -> CcuWire.REPLIES.decode("{\"v\":1}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("CCU wire: reply has none of stored, batch, decision, refused");
        assertThatThrownBy(() -> CcuWire.REPLIES.decode("{\"v\":1,\"batch\":[{\"dataName\":\"x\"}]}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("CCU wire: reply.batch[0].dataStructure is missing or not a string");
        assertThatThrownBy(() -> CcuWire.REPLIES.decode("not json".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("CCU wire: the reply is not JSON: ");
    }
}
