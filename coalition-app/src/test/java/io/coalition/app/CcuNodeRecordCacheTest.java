package io.coalition.app;

import io.coalition.decisions.ccu.VerifiedRecordCache;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CcuNodeRecordCacheTest {
    private static final long MAX_HEAP_MIB = Runtime.getRuntime().maxMemory() >> 20;

    @Test
    void withoutTheOption_theBudgetIsAQuarterOfTheMaximumHeap_andSaysSo() {
        long bytes = CcuNode.recordCacheBytes(null);
        assertThat(bytes).isEqualTo(VerifiedRecordCache.defaultBytes()).isEqualTo(MAX_HEAP_MIB / 4 << 20);
        assertThat(CcuNode.recordCacheText(null, bytes)).isEqualTo("record cache " + MAX_HEAP_MIB / 4
                + " MiB (default: a quarter of the " + MAX_HEAP_MIB + " MiB maximum heap)");
    }

    @Test
    void anExplicitBudget_isTaken_zeroIsOff_aNegativeOneIsRefused() {
        assertThat(CcuNode.recordCacheBytes(64)).isEqualTo(64L << 20);
        assertThat(CcuNode.recordCacheText(64, 64L << 20)).isEqualTo("record cache 64 MiB");
        assertThat(CcuNode.recordCacheBytes(4096)).isEqualTo(4L << 30);
        assertThat(CcuNode.recordCacheBytes(0)).isZero();
        assertThat(CcuNode.recordCacheText(0, 0)).isEqualTo("record cache off");
        assertThatThrownBy(() -> CcuNode.recordCacheBytes(-1)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("--record-cache-mb: expected 0 (off) or more, got -1");
    }
}
