package io.coalition.trustedmining;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The miner's case bookkeeping: numbering, lookup by chunk order and by search, dues, duplicates refused. */
class CaseTableTest {
    static byte[] index(Object... idAndCount) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < idAndCount.length; i += 2) m.put((String) idAndCount[i], (Integer) idAndCount[i + 1]);
        return SegmentCodec.encodeIndex(m);
    }

    @Test
    void casesAreNumberedInOrderOfFirstAppearanceAndFoundByOrderOrSearch() {
        CaseTable t = new CaseTable.Builder(3)
                .add(0, index("c1", 2, "c2", 0, "c3", 1), "provider a case index")
                .add(2, index("c3", 2, "c4", 1), "provider c case index") // provider 1 unavailable: no index
                .build();
        assertThat(t.ids).containsExactly("c1", "c2", "c3", "c4");
        assertThat(t.remaining).containsExactly(2, 0, 3, 1);
        assertThat(t.providerCases).containsExactly(2, 0, 2);
        assertThat(t.find(2, "c3")).isEqualTo(2);
        assertThat(t.find(2, "c3")).isEqualTo(2); // the same case continued in the next segment
        assertThat(t.find(2, "c4")).isEqualTo(3);
        assertThat(t.find(0, "c3")).isEqualTo(2); // out of the provider's order: binary search
        assertThat(t.find(0, "c9")).isEqualTo(-1);
        assertThat(t.receive(0, 0, 2)).isZero();
        assertThat(t.remaining[0]).isZero();
        assertThat(t.receive(2, 3, 2)).isEqualTo(-1); // one more than announced
    }

    @Test
    void caseListedTwiceByOneProviderIsRefused() {
        byte[] twice = raw("c1", 1, "c1", 2);
        assertThatThrownBy(() -> new CaseTable.Builder(1).add(0, twice, "provider a case index"))
                .isExactlyInstanceOf(TrustedMiningException.class)
                .hasMessage("provider a case index: case c1 listed twice");
    }

    /** An index written by hand (encodeIndex cannot list a case twice). */
    static byte[] raw(Object... idAndCount) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            out.writeInt(0x43544931);
            out.writeInt(idAndCount.length / 2);
            for (int i = 0; i < idAndCount.length; i += 2) {
                SealedMessage.writeString(out, (String) idAndCount[i]);
                out.writeInt((Integer) idAndCount[i + 1]);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return b.toByteArray();
    }
}
