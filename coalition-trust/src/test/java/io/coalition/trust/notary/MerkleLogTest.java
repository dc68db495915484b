package io.coalition.trust.notary;

import io.coalition.trust.TrustException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MerkleLogTest {
    @TempDir
    Path dir;

    private static byte[] entry(int i) {
        return ("model published by org " + i).getBytes();
    }

    @Test
    void appendsProveAndSurviveReopening() {
        Path file = dir.resolve("notary.log");
        Checkpoint at5;
        try (MerkleLog log = MerkleLog.open(file, "coalition.test/notary")) {
            for (int i = 0; i < 5; i++) assertThat(log.append(entry(i))).isEqualTo(i);
            at5 = log.checkpoint();
        }
        try (MerkleLog log = MerkleLog.open(file, "coalition.test/notary")) {
            assertThat(log.size()).isEqualTo(5);
            assertThat(log.checkpoint()).isEqualTo(at5);
            for (int i = 5; i < 11; i++) log.append(entry(i));
            Checkpoint at11 = log.checkpoint();
            MerkleTree.verifyConsistency(5, 11, at5.root(), at11.root(), log.consistencyProof(5, 11));
            MerkleTree.verifyInclusion(3, 11, MerkleTree.leafHash(entry(3)), log.inclusionProof(3, 11), at11.root());
            assertThat(log.entry(7)).isEqualTo(entry(7));
        }
    }

    @Test
    void twoWritersTakingTurns_eachCatchesUpWithTheOthersAppends() throws Exception {
        Path file = dir.resolve("notary.log");
        try (MerkleLog a = MerkleLog.open(file, "o"); MerkleLog b = MerkleLog.open(file, "o")) {
            a.append(entry(0));
            a.appendAll(java.util.List.of(entry(1), entry(2)));
            assertThat(b.size()).isZero();
            assertThat(b.catchUp()).isEqualTo(3);
            assertThat(b.catchUp()).isZero();
            assertThat(b.checkpoint()).isEqualTo(a.checkpoint());
            assertThat(b.append(entry(3))).isEqualTo(3);
            assertThat(a.catchUp()).isEqualTo(1);
            assertThat(a.entries(0, 4)).containsExactly(entry(0), entry(1), entry(2), entry(3));
            // an entry b read before, rewritten with a valid checksum, is not read again; a reads it afresh
            // on opening and refuses it
            byte[] before = Files.readAllBytes(file);
            a.append(entry(4));
            byte[] altered = Files.readAllBytes(file);
            int at = 4 + entry(0).length + 4 + 4; // records: length, entry, CRC-32; entry 1's bytes after its length
            altered[at + entry(1).length - 1] ^= 1;
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(altered, at, entry(1).length);
            ByteBuffer.wrap(altered).putInt(at + entry(1).length, (int) crc.getValue());
            Files.write(file, altered);
            assertThat(b.catchUp()).isEqualTo(1);
            assertThat(b.entry(4)).isEqualTo(entry(4));
            assertThatThrownBy(() -> b.entry(1)).isExactlyInstanceOf(TrustException.class)
                    .hasMessage("notary log " + file + ": entry 1 changed on disk since it was logged");
            // a file shorter than what was read had entries removed
            Files.write(file, before);
            assertThatThrownBy(b::catchUp).isExactlyInstanceOf(TrustException.class)
                    .hasMessage("notary log " + file + ": " + before.length + " bytes, fewer than the "
                            + altered.length + " already read: entries were removed");
        }
    }

    @Test
    void aTornLastWriteIsCutOffOnOpen() throws Exception {
        Path file = dir.resolve("notary.log");
        try (MerkleLog log = MerkleLog.open(file, "o")) {
            log.append(entry(0));
            log.append(entry(1));
        }
        long good = Files.size(file);
        // a crash in the middle of the third append: its length and half of its bytes made it to disk
        Files.write(file, ByteBuffer.allocate(10).putInt(100).put(new byte[6]).array(), StandardOpenOption.APPEND);
        try (MerkleLog log = MerkleLog.open(file, "o")) {
            assertThat(log.size()).isEqualTo(2);
            assertThat(Files.size(file)).isEqualTo(good);
            log.append(entry(2));
            assertThat(log.entry(2)).isEqualTo(entry(2));
        }
    }

    @Test
    void anAlteredEarlierEntryFailsToOpen() throws Exception {
        Path file = dir.resolve("notary.log");
        try (MerkleLog log = MerkleLog.open(file, "o")) {
            for (int i = 0; i < 3; i++) log.append(entry(i));
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[6] ^= 1; // inside the first entry
        Files.write(file, bytes);
        assertThatThrownBy(() -> MerkleLog.open(file, "o"))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("notary log " + file + ": entry 0 at byte 0 fails its checksum: the file was altered");
    }

    @Test
    void entryChangedUnderAnOpenLogIsNotReturned() throws Exception {
        Path file = dir.resolve("notary.log");
        try (MerkleLog log = MerkleLog.open(file, "o")) {
            log.append(entry(0));
            byte[] bytes = Files.readAllBytes(file);
            bytes[6] ^= 1;
            Files.write(file, bytes);
            assertThatThrownBy(() -> log.entry(0))
                    .isExactlyInstanceOf(TrustException.class)
                    .hasMessage("notary log " + file + ": entry 0 changed on disk since it was logged");
        }
    }

    @Test
    void signedCheckpointsVerifyOnlyWithTheNotaryKeyAndUnchanged() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
        KeyPair notary = g.generateKeyPair();
        KeyPair other = g.generateKeyPair();
        try (MerkleLog log = MerkleLog.open(dir.resolve("n.log"), "coalition.test/notary")) {
            log.append(entry(0));
            Checkpoint cp = log.checkpoint();
            assertThat(cp.text()).startsWith("coalition.test/notary\n1\n");
            Checkpoint.Signed signed = cp.sign(notary.getPrivate());
            assertThat(signed.verify(notary.getPublic())).isEqualTo(cp);
            assertThatThrownBy(() -> signed.verify(other.getPublic()))
                    .isExactlyInstanceOf(TrustException.class)
                    .hasMessage("checkpoint of coalition.test/notary at size 1: the signature does not verify with the notary's key");
            byte[] root = cp.root();
            root[0] ^= 1;
            Checkpoint.Signed forged = new Checkpoint.Signed(new Checkpoint(cp.origin(), cp.size(), root), signed.signature());
            assertThatThrownBy(() -> forged.verify(notary.getPublic())).isExactlyInstanceOf(TrustException.class);
            Checkpoint.Signed grown = new Checkpoint.Signed(new Checkpoint(cp.origin(), 2, cp.root()), signed.signature());
            assertThatThrownBy(() -> grown.verify(notary.getPublic())).isExactlyInstanceOf(TrustException.class);
        }
    }
}
