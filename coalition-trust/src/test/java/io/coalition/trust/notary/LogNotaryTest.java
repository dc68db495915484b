package io.coalition.trust.notary;

import io.coalition.trust.TrustException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogNotaryTest extends NotaryContract {
    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00.123Z");

    @TempDir
    Path dir;

    private final Map<Notary, Path> files = new HashMap<>();

    @Override
    protected Notary create() {
        Path file = dir.resolve("notary-" + files.size() + ".log");
        LogNotary notary = track(LogNotary.open(file, "coalition.test/notary", Clock.fixed(NOW, ZoneOffset.UTC)));
        files.put(notary, file);
        return notary;
    }

    @Override
    protected Notary reopen(Notary notary) {
        ((LogNotary) notary).close();
        return track(LogNotary.open(files.get(notary), "coalition.test/notary", Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    @Override
    protected Instant notBefore() {
        return NOW;
    }

    @Test
    void notarizeAllWritesOneBatchWithOneReceiptPerHash() throws Exception {
        LogNotary notary = (LogNotary) create();
        Receipt before = notary.notarize(sha256("a"));
        java.util.List<Receipt> receipts = notary.notarizeAll(java.util.List.of(sha256("b"), sha256("a"), sha256("c"), sha256("b")));
        assertThat(receipts).extracting(Receipt::position).containsExactly(1L, 0L, 2L, 1L);
        assertThat(receipts.get(1)).isEqualTo(before);
        assertThat(notary.log().size()).isEqualTo(3);
        Notary reopened = reopen(notary);
        assertThat(reopened.lookup(sha256("c"))).contains(receipts.get(2));
        assertThat(reopened.lookup(sha256("b"))).contains(receipts.get(0));
        assertThatThrownBy(() -> reopened.notarizeAll(java.util.List.of(sha256("d"), new byte[31])))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("notary: expected a 32-byte SHA-256 hash, got 31 bytes");
        assertThat(reopened.lookup(sha256("d"))).isEmpty();
    }

    @Test
    void receiptIsBackedByTheLogsCheckpointAndInclusionProof() throws Exception {
        LogNotary notary = (LogNotary) create();
        notary.notarize(sha256("x"));
        Receipt receipt = notary.notarize(sha256("y"));
        assertThat(receipt).isEqualTo(new Receipt(sha256("y"), "log:coalition.test/notary", 1, NOW));
        Checkpoint head = notary.log().checkpoint();
        byte[] leaf = MerkleTree.leafHash(notary.log().entry(receipt.position()));
        MerkleTree.verifyInclusion(receipt.position(), head.size(), leaf,
                notary.log().inclusionProof(receipt.position(), head.size()), head.root());
        byte[] otherLeaf = MerkleTree.leafHash(notary.log().entry(0));
        assertThatThrownBy(() -> MerkleTree.verifyInclusion(receipt.position(), head.size(), otherLeaf,
                notary.log().inclusionProof(receipt.position(), head.size()), head.root()))
                .isExactlyInstanceOf(TrustException.class);
    }

    @Test
    void anEntryAlteredOnDiskIsRefused() throws Exception {
        Path file = dir.resolve("altered.log");
        byte[] hash = sha256("altered");
        try (LogNotary notary = LogNotary.open(file, "o", Clock.fixed(NOW, ZoneOffset.UTC))) {
            notary.notarize(hash);
            notary.notarize(sha256("a later one"));
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[4 + 32 + 7] ^= 0x01; // last byte of the recorded time
        Files.write(file, bytes);
        assertThatThrownBy(() -> LogNotary.open(file, "o", Clock.systemUTC()))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("notary log " + file + ": entry 0 at byte 0 fails its checksum: the file was altered");
    }

    @Test
    void aLogOfOtherEntriesIsNotANotaryLog() {
        Path file = dir.resolve("other.log");
        try (MerkleLog log = MerkleLog.open(file, "o")) {
            log.append(new byte[] {1, 2, 3});
        }
        assertThatThrownBy(() -> LogNotary.open(file, "o", Clock.systemUTC()))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("notary log " + file + ": entry 0 has 3 bytes, expected 40 (hash and time)");
    }
}
