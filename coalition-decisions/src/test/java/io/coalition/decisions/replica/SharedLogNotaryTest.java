package io.coalition.decisions.replica;

import io.coalition.trust.TrustException;
import io.coalition.trust.notary.Receipt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two replicas' handles on one notary log: each sees the other's notarizations, reading only what is new. */
class SharedLogNotaryTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static byte[] sha256(String s) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachReplicaSeesTheOthersNotarizations_inOneOrder() throws Exception {
        Path file = dir.resolve("notary.log");
        try (SharedLogNotary a = SharedLogNotary.open(file, "ccu", CLOCK);
             SharedLogNotary b = SharedLogNotary.open(file, "ccu", CLOCK)) {
            a.notarizeAll(List.of(sha256("p1"), sha256("p2")));
            // a lookup that misses catches up with a's appends
            assertThat(b.lookup(sha256("p2")).map(Receipt::position)).contains(1L);
            assertThat(b.notarize(sha256("p3")).position()).isEqualTo(2);
            assertThat(a.lookup(sha256("p3")).map(Receipt::position)).contains(2L);
            // a notarizes after catching up: its entry goes after b's, and p1 again adds nothing
            assertThat(a.notarizeAll(List.of(sha256("p1"), sha256("p4")))).extracting(Receipt::position)
                    .containsExactly(0L, 3L);
            assertThat(b.lookup(sha256("p4")).map(Receipt::position)).contains(3L);
            assertThat(b.lookup(sha256("never"))).isEmpty();
        }
    }

    @Test
    void catchingUpReadsOnlyNewEntries_aNewHandleChecksTheWholeLog() throws Exception {
        Path file = dir.resolve("notary.log");
        try (SharedLogNotary a = SharedLogNotary.open(file, "ccu", CLOCK);
             SharedLogNotary b = SharedLogNotary.open(file, "ccu", CLOCK)) {
            a.notarize(sha256("p1"));
            assertThat(b.lookup(sha256("p1"))).isPresent();
            // p1's entry altered on disk after b read it, then a appends p2
            byte[] bytes = Files.readAllBytes(file);
            bytes[4] ^= 1; // the first byte of p1's hash (after the 4-byte length)
            Files.write(file, bytes);
            a.notarize(sha256("p2"));
            // b answers from what it verified and reads only p2's entry
            assertThat(b.lookup(sha256("p2"))).isPresent();
            assertThat(b.lookup(sha256("p1"))).isPresent();
            assertThatThrownBy(() -> SharedLogNotary.open(file, "ccu", CLOCK))
                    .isExactlyInstanceOf(TrustException.class)
                    .hasMessage("notary log " + file + ": entry 0 at byte 0 fails its checksum: the file was altered");
        }
    }
}
