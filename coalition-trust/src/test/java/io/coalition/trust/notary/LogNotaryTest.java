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
    void twoWritersOnOneFile_catchUpAddsTheOthersEntriesToTheView() throws Exception {
        Path file = dir.resolve("shared.log");
        try (LogNotary a = LogNotary.open(file, "o", Clock.fixed(NOW, ZoneOffset.UTC));
             LogNotary b = LogNotary.open(file, "o", Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC))) {
            a.notarizeAll(java.util.List.of(sha256("r1"), sha256("r2")));
            assertThat(b.contains(sha256("r1"))).isFalse(); // the view holds what b read or wrote
            assertThat(b.catchUp()).isEqualTo(2);
            assertThat(b.lookup(sha256("r2"))).hasValueSatisfying(r -> {
                assertThat(r.position()).isEqualTo(1);
                assertThat(r.time()).isEqualTo(NOW); // a's time, as a wrote it
            });
            // b notarizes r2 again (already there: no new entry) and r3 after a's entries
            java.util.List<Receipt> rs = b.notarizeAll(java.util.List.of(sha256("r2"), sha256("r3")));
            assertThat(rs).extracting(Receipt::position).containsExactly(1L, 2L);
            assertThat(a.catchUp()).isEqualTo(1);
            assertThat(a.lookup(sha256("r3")).orElseThrow().time()).isEqualTo(NOW.plusSeconds(60));
            assertThat(a.log().checkpoint()).isEqualTo(b.log().checkpoint());
        }
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

    @Test
    void lookupsAnswerFromTheVerifiedViewAndAuditFindsAnEntryAlteredOnDiskAfterOpening() throws Exception {
        Path file = dir.resolve("audited.log");
        try (LogNotary notary = LogNotary.open(file, "o", Clock.fixed(NOW, ZoneOffset.UTC))) {
            Receipt first = notary.notarize(sha256("first"));
            notary.notarize(sha256("second"));
            notary.audit();
            byte[] bytes = Files.readAllBytes(file);
            bytes[4 + 5] ^= 0x01; // inside entry 0's hash, behind the open notary's back
            Files.write(file, bytes);
            // the view was verified when the entry was written: the genuine receipt stands, a forged hash is absent
            assertThat(notary.lookup(sha256("first"))).contains(first);
            assertThatThrownBy(notary::audit)
                    .isExactlyInstanceOf(TrustException.class)
                    .hasMessage("notary log " + file + ": entry 0 changed on disk since it was logged");
        }
        assertThatThrownBy(() -> LogNotary.open(file, "o", Clock.systemUTC()))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("notary log " + file + ": entry 0 at byte 0 fails its checksum: the file was altered");
    }

    @Test
    void anEntryRewrittenWithItsChecksumIsRefusedAgainstATrustedCheckpoint() throws Exception {
        Path file = dir.resolve("forged.log");
        Checkpoint trusted;
        try (LogNotary notary = LogNotary.open(file, "o", Clock.fixed(NOW, ZoneOffset.UTC))) {
            notary.notarize(sha256("genuine"));
            notary.notarize(sha256("another"));
            trusted = notary.log().checkpoint();
        }
        // a forger who knows the format: another hash in entry 0, with a matching CRC-32
        byte[] bytes = Files.readAllBytes(file);
        byte[] forged = java.nio.ByteBuffer.allocate(40).put(sha256("forged")).putLong(NOW.toEpochMilli()).array();
        System.arraycopy(forged, 0, bytes, 4, 40);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(forged);
        java.nio.ByteBuffer.wrap(bytes).putInt(44, (int) crc.getValue());
        Files.write(file, bytes);
        // the checksum alone cannot tell: without a trusted checkpoint the forgery opens
        try (LogNotary unchecked = LogNotary.open(file, "o", Clock.systemUTC())) {
            assertThat(unchecked.lookup(sha256("forged"))).isPresent();
        }
        String root = java.util.Base64.getEncoder().encodeToString(trusted.root());
        assertThatThrownBy(() -> LogNotary.open(file, "o", Clock.systemUTC(), trusted))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("notary log " + file + ": its first 2 entries do not have the trusted checkpoint's root "
                        + root + ": the file was altered");
        // entries cut off the end
        Files.write(file, java.util.Arrays.copyOf(bytes, 48));
        assertThatThrownBy(() -> LogNotary.open(file, "o", Clock.systemUTC(), trusted))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("notary log " + file + ": 1 entries, fewer than the 2 of the trusted checkpoint: "
                        + "entries were removed");
    }

    @Test
    void aGenuineLogOpensAgainstItsCheckpointAndKeepsGrowing() throws Exception {
        Path file = dir.resolve("grows.log");
        Checkpoint trusted;
        Receipt first;
        try (LogNotary notary = LogNotary.open(file, "o", Clock.fixed(NOW, ZoneOffset.UTC))) {
            first = notary.notarize(sha256("one"));
            trusted = notary.log().checkpoint();
        }
        try (LogNotary notary = LogNotary.open(file, "o", Clock.fixed(NOW, ZoneOffset.UTC), trusted)) {
            assertThat(notary.lookup(sha256("one"))).contains(first);
            Receipt second = notary.notarize(sha256("two"));
            assertThat(second.position()).isEqualTo(1);
            notary.audit();
        }
    }

    @Test
    void concurrentNotarizersAndReadersShareOneNotary() throws Exception {
        LogNotary notary = (LogNotary) create();
        int threads = 4;
        int each = 300;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.List<java.util.concurrent.Future<java.util.List<Receipt>>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    java.util.List<Receipt> mine = new java.util.ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        byte[] h = sha256(thread + "/" + i);
                        Receipt r = i % 3 == 0 ? notary.notarizeAll(java.util.List.of(h, sha256("shared/" + i))).get(0)
                                : notary.notarize(h);
                        mine.add(r);
                        // read back own and others' entries while writers append
                        assertThat(notary.lookup(h)).contains(r);
                        notary.lookup(sha256(((thread + 1) % threads) + "/" + i));
                        notary.log().checkpoint();
                    }
                    return mine;
                }));
            }
            java.util.Set<Long> positions = new java.util.HashSet<>();
            for (var f : futures) {
                for (Receipt r : f.get()) {
                    assertThat(positions.add(r.position())).isTrue();
                }
            }
            // every thread's hashes plus the 100 shared ones, each logged once
            assertThat(notary.log().size()).isEqualTo(threads * each + 100L);
            notary.audit();
            Notary reopened = reopen(notary);
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < each; i += 37) {
                    assertThat(reopened.lookup(sha256(t + "/" + i))).isPresent();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
