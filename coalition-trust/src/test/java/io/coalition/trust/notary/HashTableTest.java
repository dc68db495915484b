package io.coalition.trust.notary;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 7: the notary's open-addressing view answers exactly as the hash map it replaced. */
class HashTableTest {

    private static List<byte[]> hashes(long seed, int n) {
        Random r = new Random(seed);
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] h = new byte[32];
            r.nextBytes(h);
            out.add(h);
        }
        return out;
    }

    @Test
    void holdsEveryAddedHash_throughGrowth_andNothingElse() {
        HashTable t = new HashTable();
        List<byte[]> in = hashes(1, 50_000); // from 1,024 slots: grows seven times
        for (int i = 0; i < in.size(); i++) {
            t.putIfAbsent(in.get(i), i, 1_000L + i);
        }
        for (int i = 0; i < in.size(); i++) {
            assertThat(t.contains(in.get(i))).isTrue();
            assertThat(t.get(in.get(i))).isEqualTo(new HashTable.Logged(i, 1_000L + i));
        }
        for (byte[] h : hashes(2, 50_000)) {
            assertThat(t.contains(h)).isFalse();
            assertThat(t.get(h)).isNull();
        }
        // one flipped bit in any of the four words is another hash
        for (int bit : new int[]{0, 77, 130, 255}) {
            byte[] h = in.get(17).clone();
            h[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(t.contains(h)).isFalse();
        }
        assertThat(t.contains(new byte[32])).isFalse();
    }

    @Test
    void theFirstEntryOfAHashWins() {
        HashTable t = new HashTable();
        byte[] h = hashes(3, 1).get(0);
        t.putIfAbsent(h, 4, 400);
        t.putIfAbsent(h.clone(), 9, 900);
        assertThat(t.get(h)).isEqualTo(new HashTable.Logged(4, 400));
    }

    /** Hashes that agree in their first word (ground to share a slot) are still told apart and all found. */
    @Test
    void hashesSharingTheirFirstWord_areAllFound() {
        HashTable t = new HashTable();
        List<byte[]> in = hashes(4, 5_000);
        for (byte[] h : in) {
            System.arraycopy(in.get(0), 0, h, 0, 8);
        }
        for (int i = 0; i < in.size(); i++) {
            t.putIfAbsent(in.get(i), i, i);
        }
        for (int i = 0; i < in.size(); i++) {
            assertThat(t.get(in.get(i))).isEqualTo(new HashTable.Logged(i, i));
        }
        byte[] other = in.get(1).clone();
        other[31] ^= 1;
        assertThat(t.contains(other)).isFalse();
    }

    /** A reader racing the writer (and its growth) never misses a hash added before it started, nor sees a new one wrong. */
    @Test
    void aConcurrentReader_seesEveryEarlierHashAndNoAbsentOne() throws Exception {
        HashTable t = new HashTable();
        List<byte[]> first = hashes(5, 2_000);
        List<byte[]> later = hashes(6, 100_000);
        List<byte[]> absent = hashes(7, 2_000);
        for (int i = 0; i < first.size(); i++) {
            t.putIfAbsent(first.get(i), i, i);
        }
        AtomicReference<String> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            for (int round = 0; round < 200 && failure.get() == null; round++) {
                for (int i = 0; i < first.size(); i++) {
                    HashTable.Logged l = t.get(first.get(i));
                    if (l == null || l.position() != i) failure.set("missed or misread " + i + ": " + l);
                    if (t.contains(absent.get(i))) failure.set("absent hash " + i + " found");
                }
            }
        }, "coalition-trust-test-reader");
        reader.start();
        for (int i = 0; i < later.size(); i++) {
            t.putIfAbsent(later.get(i), first.size() + i, i);
        }
        reader.join();
        assertThat(failure.get()).isNull();
        for (int i = 0; i < later.size(); i++) {
            assertThat(t.get(later.get(i))).isEqualTo(new HashTable.Logged(first.size() + i, i));
        }
    }
}
