package io.coalition.decisions.ccu;

import io.coalition.decisions.DecisionsException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cache alone: admission, immutability of what it hands out, CLOCK eviction under the byte budget, off. */
class VerifiedRecordCacheTest {

    static byte[] pointer(int i) {
        byte[] p = new byte[32];
        p[0] = (byte) (i >>> 8);
        p[1] = (byte) i;
        p[31] = 7;
        return p;
    }

    static Map<String, Object> fields(int i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Age", i);
        m.put("Ward", "cardiology");
        m.put("Score", new BigDecimal("12.50"));
        m.put("Tags", new ArrayList<>(List.of("a", "b")));
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("x", null);
        m.put("Nested", nested);
        return m;
    }

    @Test
    void admittedFields_areReturnedByPointer_andCannotBeChanged() {
        VerifiedRecordCache cache = new VerifiedRecordCache(1 << 20);
        assertThat(cache.get(pointer(1))).isNull();
        Map<String, Object> admitted = cache.admit(pointer(1), fields(1));
        assertThat(admitted).isEqualTo(fields(1));
        Map<String, Object> got = cache.get(pointer(1).clone());
        assertThat(got).isSameAs(admitted);
        assertThat(cache.get(pointer(2))).isNull();

        assertThatThrownBy(() -> got.put("Age", 99)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> got.remove("Age")).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Object> tags = (List<Object>) got.get("Tags");
        assertThatThrownBy(() -> tags.add("c")).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> nested = (Map<String, Object>) got.get("Nested");
        assertThatThrownBy(() -> nested.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(nested).containsEntry("x", null);

        VerifiedRecordCache.Stats s = cache.stats();
        assertThat(s.entries()).isEqualTo(1);
        assertThat(s.hits()).isEqualTo(1);
        assertThat(s.misses()).isEqualTo(2);
        assertThat(s.evictions()).isZero();
        // entry 64 (key, size, bit; table and clock slots) + fields 64 (object, 5 values; shape shared, names
        // interned) + Age 16 + "cardiology" 56 + 12.50 104 + [a, b] 168 + {x: null} 48
        assertThat(s.estimatedBytes()).isEqualTo(520);
    }

    @Test
    void theCallersMap_changedAfterAdmission_doesNotChangeTheCachedOne() {
        VerifiedRecordCache cache = new VerifiedRecordCache(1 << 20);
        Map<String, Object> original = fields(5);
        cache.admit(pointer(5), original);
        original.put("Age", 1_000);
        assertThat(cache.get(pointer(5))).containsEntry("Age", 5);
    }

    @Test
    void budget_evictsOnTheClock_keepsTheReferencedEntries_andNeverExceedsIt() {
        long one = sizeOfOne(); // every fields(i) has the same estimate
        VerifiedRecordCache cache = new VerifiedRecordCache(3 * one);
        for (int i = 0; i < 3; i++) {
            cache.admit(pointer(i), fields(i));
        }
        assertThat(cache.stats().entries()).isEqualTo(3);
        assertThat(cache.get(pointer(0))).isNotNull(); // referenced: survives the next eviction round
        cache.admit(pointer(3), fields(3));
        assertThat(cache.get(pointer(0))).containsEntry("Age", 0);
        assertThat(cache.get(pointer(1))).isNull(); // the oldest unreferenced one went
        assertThat(cache.get(pointer(2))).containsEntry("Age", 2);
        assertThat(cache.get(pointer(3))).containsEntry("Age", 3);
        for (int i = 4; i < 100; i++) {
            cache.admit(pointer(i), fields(i));
            assertThat(cache.stats().estimatedBytes()).isLessThanOrEqualTo(3 * one);
        }
        assertThat(cache.stats().entries()).isEqualTo(3);
        assertThat(cache.stats().evictions()).isEqualTo(97);
        assertThat(cache.get(pointer(99))).containsEntry("Age", 99);
    }

    @Test
    void manyAdmissionsAndEvictionsOnCollidingPointers_keepEveryCachedEntryFindable() {
        // pointer(i) differs in its first two bytes only: every pointer has the same home slot, so each eviction
        // shifts a long probe run back
        long one = sizeOfOne();
        VerifiedRecordCache cache = new VerifiedRecordCache(50 * one);
        for (int i = 0; i < 2_000; i++) {
            cache.admit(pointer(i), fields(i));
            if (i % 7 == 0 && i >= 3) {
                cache.get(pointer(i - 3));
            }
        }
        int found = 0;
        for (int i = 0; i < 2_000; i++) {
            Map<String, Object> got = cache.get(pointer(i));
            if (got != null) {
                found++;
                assertThat(got).containsEntry("Age", i);
            }
        }
        VerifiedRecordCache.Stats s = cache.stats();
        assertThat(found).isEqualTo(s.entries()).isEqualTo(50);
        assertThat(s.estimatedBytes()).isEqualTo(50 * one);
        assertThat(s.evictions()).isEqualTo(1_950);
        assertThat(cache.get(pointer(1_999))).containsEntry("Age", 1_999);
    }

    private static long sizeOfOne() {
        VerifiedRecordCache c = new VerifiedRecordCache(1 << 20);
        c.admit(pointer(0), fields(0));
        return c.stats().estimatedBytes();
    }

    @Test
    void wideCopy_readsEveryFieldByName_keepsOrder_andEqualsItsSource() {
        VerifiedRecordCache cache = new VerifiedRecordCache(1 << 20);
        Map<String, Object> wide = new LinkedHashMap<>();
        for (int i = 19; i >= 0; i--) {
            wide.put("field" + i, i % 4 == 0 ? null : "v" + i);
        }
        Map<String, Object> got = cache.admit(pointer(9), wide);
        for (int i = 0; i < 20; i++) {
            assertThat(got.get(new String("field" + i))).isEqualTo(wide.get("field" + i));
            assertThat(got.containsKey("field" + i)).isTrue();
        }
        assertThat(got.get("field20")).isNull();
        assertThat(got.containsKey("field20")).isFalse();
        assertThat(got.keySet()).containsExactlyElementsOf(wide.keySet());
        assertThat(got).isEqualTo(wide).hasSameHashCodeAs(wide);
    }

    @Test
    void copyLargerThanTheBudget_isUsedButNotKept() {
        VerifiedRecordCache cache = new VerifiedRecordCache(100);
        Map<String, Object> got = cache.admit(pointer(1), fields(1));
        assertThat(got).isEqualTo(fields(1));
        assertThat(cache.get(pointer(1))).isNull();
        assertThat(cache.stats().entries()).isZero();
    }

    @Test
    void budgetZero_keepsNothing() {
        VerifiedRecordCache cache = new VerifiedRecordCache(0);
        assertThat(cache.enabled()).isFalse();
        Map<String, Object> f = fields(1);
        assertThat(cache.admit(pointer(1), f)).isSameAs(f);
        assertThat(cache.get(pointer(1))).isNull();
        assertThat(cache.stats()).isEqualTo(new VerifiedRecordCache.Stats(0, 0, 0, 0, 0, 0));
    }

    @Test
    void clear_dropsEveryEntry() {
        VerifiedRecordCache cache = new VerifiedRecordCache(1 << 20);
        cache.admit(pointer(1), fields(1));
        cache.clear();
        assertThat(cache.get(pointer(1))).isNull();
        assertThat(cache.stats().entries()).isZero();
        assertThat(cache.stats().estimatedBytes()).isZero();
    }

    @Test
    void negativeBudget_isRefused() {
        assertThatThrownBy(() -> new VerifiedRecordCache(-1))
                .isInstanceOf(DecisionsException.class)
                .hasMessage("record cache: budget -1 bytes, expected 0 (off) or more");
    }

    @Test
    void defaultBudget_isAQuarterOfTheMaximumHeap_inWholeMiB() {
        long mib = 1L << 20;
        // the JVM's default maximum on this 24 GiB machine (6,028 MiB) gives 1,507 MiB: 1M 3-field copies fit
        assertThat(VerifiedRecordCache.defaultBytes(6_028 * mib)).isEqualTo(1_507 * mib);
        assertThat(VerifiedRecordCache.defaultBytes(256 * mib)).isEqualTo(64 * mib);
        assertThat(VerifiedRecordCache.defaultBytes(4 * 100 * mib + 4 * mib - 1)).isEqualTo(100 * mib);
        assertThat(VerifiedRecordCache.defaultBytes(3 * mib)).isZero(); // under 4 MiB of heap: no cache
        assertThat(VerifiedRecordCache.defaultBytes(Long.MAX_VALUE)).isEqualTo(64 * mib); // "no limit"
        assertThat(VerifiedRecordCache.defaultBytes()).isEqualTo(VerifiedRecordCache.defaultBytes(Runtime.getRuntime().maxMemory()));
        assertThatThrownBy(() -> VerifiedRecordCache.defaultBytes(0)).isExactlyInstanceOf(DecisionsException.class)
                .hasMessage("record cache: maximum heap 0 bytes");
        // the CCU's default is it
        assertThat(new VerifiedRecordCache(VerifiedRecordCache.defaultBytes()).stats().budgetBytes())
                .isEqualTo(Runtime.getRuntime().maxMemory() / 4 >> 20 << 20);
    }

    @Test
    void read_buildsTheCachedFormOnce_withNamesAndShortValuesShared() throws Exception {
        VerifiedRecordCache cache = new VerifiedRecordCache(1 << 20);
        Map<String, Object> record = fields(3);
        record.put("Note", "a long free-text value of more than 32 bytes");
        byte[] copy = LightCopy.write(record, m -> {
            throw new AssertionError("every value has a binary tag");
        });

        Map<String, Object> first = cache.read(copy);
        Map<String, Object> second = cache.read(copy.clone());
        // the same values as the plain reading, unmodifiable all the way down
        assertThat(first).isEqualTo(LightCopy.parse(copy)).isEqualTo(second);
        assertThatThrownBy(() -> first.put("Age", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<?>) first.get("Tags")).clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((Map<?, ?>) first.get("Nested")).clear())
                .isInstanceOf(UnsupportedOperationException.class);
        // names and short ASCII values are one string for every copy; a long value is each copy's own
        assertThat(second.keySet().iterator().next()).isSameAs(first.keySet().iterator().next());
        assertThat(second.get("Ward")).isSameAs(first.get("Ward"));
        assertThat(second.get("Note")).isEqualTo(first.get("Note")).isNotSameAs(first.get("Note"));

        // a shared value counts in no copy: "cardiology" (56) and the tags "a" and "b" (48 each) less than the same
        // map admitted from a Java map, whose strings are its own; the Note counts in both
        cache.admit(pointer(1), cache.read(copy));
        long read = cache.stats().estimatedBytes();
        cache.clear();
        cache.admit(pointer(1), record);
        assertThat(cache.stats().estimatedBytes() - read).isEqualTo(56 + 2 * 48);
    }

    @Test
    void read_repeatedName_keepsTheLastValue_asThePlainReadingDoes() throws Exception {
        // marker, 2 pairs: "a" -> int 1, "a" -> int 2 (zigzag varints); LightCopy.write never writes this
        byte[] copy = {(byte) 0xC1, 2, 1, 'a', 3, 2, 1, 'a', 3, 4};
        VerifiedRecordCache cache = new VerifiedRecordCache(1 << 20);
        assertThat(cache.read(copy)).isEqualTo(LightCopy.parse(copy)).isEqualTo(Map.of("a", 2));
        assertThatThrownBy(() -> cache.read(java.util.Arrays.copyOf(copy, 9)))
                .isInstanceOf(java.io.IOException.class)
                .hasMessage("light copy: truncated at byte 9 (1 more bytes expected, 0 left)");
    }
}
