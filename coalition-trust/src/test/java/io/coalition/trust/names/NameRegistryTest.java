package io.coalition.trust.names;

import io.coalition.trust.TrustException;
import io.coalition.trust.cas.Cid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NameRegistryTest {
    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    private static final Instant LATER = Instant.parse("2026-12-01T00:00:00Z");
    private static final Cid V1 = Cid.of("model v1".getBytes(StandardCharsets.UTF_8));
    private static final Cid V2 = Cid.of("model v2".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    private final KeyPair alice = ed25519();
    private final KeyPair bob = ed25519();

    private NameRegistry registry(Instant at) {
        return new NameRegistry(dir, Clock.fixed(at, ZoneOffset.UTC));
    }

    @Test
    void publishedNameResolvesToItsTarget() {
        NameRecord record = NameRecord.sign(alice, 1, V1, LATER);
        registry(NOW).publish(record);
        assertThat(record.name()).startsWith("bafz").hasSize(59).isEqualTo(NameRecord.nameOf(alice.getPublic()));
        assertThat(registry(NOW).resolve(record.name())).contains(V1);
        assertThat(registry(NOW).record(record.name())).contains(record);
        assertThat(registry(NOW).resolve(NameRecord.nameOf(bob.getPublic()))).isEmpty();
    }

    @Test
    void aHigherSequenceSupersedes() {
        NameRegistry registry = registry(NOW);
        registry.publish(NameRecord.sign(alice, 1, V1, LATER));
        registry.publish(NameRecord.sign(alice, 5, V2, LATER));
        assertThat(registry.resolve(NameRecord.nameOf(alice.getPublic()))).contains(V2);
    }

    @Test
    void aReplayedOlderRecordIsRefusedAndTheCurrentOneKept() {
        NameRegistry registry = registry(NOW);
        NameRecord old = NameRecord.sign(alice, 1, V1, LATER);
        registry.publish(old);
        registry.publish(NameRecord.sign(alice, 2, V2, LATER));
        assertThatThrownBy(() -> registry.publish(old))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("name " + old.name() + ": sequence 1 is not higher than the current 2"
                        + " (a replayed or stale record)");
        assertThatThrownBy(() -> registry.publish(NameRecord.sign(alice, 2, V1, LATER)))
                .hasMessage("name " + old.name() + ": sequence 2 is not higher than the current 2"
                        + " (a replayed or stale record)");
        assertThat(registry.resolve(old.name())).contains(V2);
    }

    @Test
    void anExpiredRecordIsRefusedOnPublish() {
        NameRecord record = NameRecord.sign(alice, 1, V1, NOW);
        assertThatThrownBy(() -> registry(NOW).publish(record))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("name record " + record.name() + " sequence 1: expired at 2026-11-23T08:00:00Z"
                        + " (now 2026-11-23T08:00:00Z)");
    }

    @Test
    void aRecordThatExpiredAfterPublishingNoLongerResolvesButCanBeSuperseded() {
        NameRecord record = NameRecord.sign(alice, 1, V1, LATER);
        registry(NOW).publish(record);
        Instant after = LATER.plusSeconds(1);
        assertThatThrownBy(() -> registry(after).resolve(record.name()))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("name record " + record.name() + " sequence 1: expired at 2026-12-01T00:00:00Z"
                        + " (now 2026-12-01T00:00:01Z)");
        registry(after).publish(NameRecord.sign(alice, 2, V2, LATER.plusSeconds(3600)));
        assertThat(registry(after).resolve(record.name())).contains(V2);
    }

    @Test
    void aRecordCarryingAnotherKeyIsRefused() {
        NameRecord bobs = NameRecord.sign(bob, 1, V1, LATER);
        String aliceName = NameRecord.nameOf(alice.getPublic());
        // Bob claims Alice's name with his own key (and a signature that verifies under it)
        NameRecord forged = new NameRecord(aliceName, bob.getPublic().getEncoded(), 1, V1, LATER, bobs.signature());
        assertThatThrownBy(() -> registry(NOW).publish(forged))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("name record " + aliceName + ": the public key does not hash to the name (wrong key)");
    }

    @Test
    void aRecordSignedByAnotherKeyIsRefused() {
        NameRecord bobs = NameRecord.sign(bob, 1, V1, LATER);
        NameRecord genuine = NameRecord.sign(alice, 1, V1, LATER);
        NameRecord swapped = new NameRecord(genuine.name(), genuine.publicKey(), 1, V1, LATER, bobs.signature());
        assertThatThrownBy(() -> registry(NOW).publish(swapped))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("name record " + genuine.name() + " sequence 1: the signature does not verify"
                        + " (tampered record or wrong key)");
    }

    @Test
    void eachTamperedFieldIsRefused() {
        NameRecord r = NameRecord.sign(alice, 3, V1, LATER);
        byte[] flipped = r.signature();
        flipped[17] ^= 0x01;
        String bad = "name record " + r.name() + " sequence %d: the signature does not verify (tampered record or wrong key)";
        NameRegistry registry = registry(NOW);
        assertThatThrownBy(() -> registry.publish(new NameRecord(r.name(), r.publicKey(), 3, V2, LATER, r.signature())))
                .hasMessage(bad.formatted(3));
        assertThatThrownBy(() -> registry.publish(new NameRecord(r.name(), r.publicKey(), 4, V1, LATER, r.signature())))
                .hasMessage(bad.formatted(4));
        assertThatThrownBy(() -> registry.publish(
                new NameRecord(r.name(), r.publicKey(), 3, V1, LATER.plusSeconds(1), r.signature())))
                .hasMessage(bad.formatted(3));
        assertThatThrownBy(() -> registry.publish(new NameRecord(r.name(), r.publicKey(), 3, V1, LATER, flipped)))
                .hasMessage(bad.formatted(3));
        assertThat(registry.record(r.name())).isEmpty();
    }

    @Test
    void aRecordAlteredOnDiskIsNeverServed() throws Exception {
        NameRecord record = NameRecord.sign(alice, 1, V1, LATER);
        registry(NOW).publish(record);
        Path file = dir.resolve(record.name() + ".json");
        Files.writeString(file, Files.readString(file).replace(V1.toString(), V2.toString()));
        assertThatThrownBy(() -> registry(NOW).resolve(record.name()))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("name record " + record.name() + " sequence 1: the signature does not verify"
                        + " (tampered record or wrong key)");
        // and a newer record cannot be published over it either: its sequence is no longer trustworthy
        assertThatThrownBy(() -> registry(NOW).publish(NameRecord.sign(alice, 2, V2, LATER)))
                .hasMessageEndingWith("the signature does not verify (tampered record or wrong key)");
    }

    @Test
    void aRecordFileMovedToAnotherNameIsRefused() throws Exception {
        NameRecord record = NameRecord.sign(alice, 1, V1, LATER);
        registry(NOW).publish(record);
        String bobName = NameRecord.nameOf(bob.getPublic());
        Path moved = dir.resolve(bobName + ".json");
        Files.copy(dir.resolve(record.name() + ".json"), moved);
        assertThatThrownBy(() -> registry(NOW).resolve(bobName))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("name registry " + moved + ": holds a record of " + record.name()
                        + ": the file was moved or altered");
    }

    @Test
    void aNameThatIsNotAKeyCidIsRefused() {
        assertThatThrownBy(() -> registry(NOW).resolve("../../etc/passwd"))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("name '../../etc/passwd': expected 'b' and 58 base32 characters (a CIDv1 of a key)");
    }

    @Test
    void aNonEd25519KeyIsRefused() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        byte[] p256 = ec.generateKeyPair().getPublic().getEncoded();
        NameRecord genuine = NameRecord.sign(alice, 1, V1, LATER);
        assertThatThrownBy(() -> new NameRecord(genuine.name(), p256, 1, V1, LATER, genuine.signature()).verify(NOW))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("name record " + genuine.name() + ": the public key is not an Ed25519 key");
    }

    @Test
    void jsonRoundTripsAndBadJsonIsNamed() {
        NameRecord record = NameRecord.sign(alice, 7, V2, LATER);
        assertThat(NameRecord.parse(record.toJson(), "mem")).isEqualTo(record);
        assertThatThrownBy(() -> NameRecord.parse(record.toJson().replace("\"sequence\":7", "\"sequence\":\"7\""), "r.json"))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("name record r.json: field 'sequence' must be an integer");
        assertThatThrownBy(() -> NameRecord.parse("{\"name\":\"" + record.name() + "\"}", "r.json"))
                .hasMessage("name record r.json: field 'publicKey' must be a string");
        assertThatThrownBy(() -> NameRecord.parse("[1]", "r.json"))
                .hasMessage("name record r.json: expected a JSON object");
    }

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
