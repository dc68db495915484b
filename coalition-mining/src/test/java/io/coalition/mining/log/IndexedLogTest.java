package io.coalition.mining.log;

import io.coalition.mining.TestLogs;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IndexedLogTest {
    @Test
    void activitiesAreInternedInNameOrder() {
        IndexedLog log = TestLogs.parse("<d,b>^2 <a,c,b>");
        assertThat(log.activities()).containsExactly("a", "b", "c", "d");
        assertThat(log.trace(0)).containsExactly(3, 1);
        assertThat(log.trace(2)).containsExactly(0, 2, 1);
        assertThat(log.id("c")).isEqualTo(2);
        assertThat(log.id("zz")).isEqualTo(-1);
        assertThat(log.eventCount()).isEqualTo(7);
        assertThat(log.caseId(2)).isEqualTo("c3");
    }

    @Test
    void variantsAreCountedInOrderOfFirstOccurrence() {
        IndexedLog log = TestLogs.parse("<a,b>^2 <b> <a,b> <>");
        assertThat(log.variants()).containsExactly(
                new IndexedLog.Variant(new int[] {0, 1}, 3),
                new IndexedLog.Variant(new int[] {1}, 1),
                new IndexedLog.Variant(new int[] {}, 1));
    }

    @Test
    void builderGivesTheSameViewAsAnEventLogAndCanBuildTwice() {
        IndexedLog.Builder b = IndexedLog.builder()
                .add("c1", List.of("d", "b"), new long[] {1000, 2000})
                .add("c2", List.of("a", "c", "b"), new long[] {5, IndexedLog.NO_TIME, 7});
        IndexedLog first = b.build();
        IndexedLog second = b.build();
        for (IndexedLog log : List.of(first, second)) {
            assertThat(log.activities()).containsExactly("a", "b", "c", "d");
            assertThat(log.trace(0)).containsExactly(3, 1);
            assertThat(log.trace(1)).containsExactly(0, 2, 1);
            assertThat(log.times(0)).containsExactly(1000, 2000);
            assertThat(log.caseId(1)).isEqualTo("c2");
        }
        assertThat(b.caseCount()).isEqualTo(2);
    }

    @Test
    void sequencesGiveTheSameViewAsAnEventLog() {
        IndexedLog a = IndexedLog.ofSequences(List.of(List.of("x", "y"), List.of("y")));
        IndexedLog b = TestLogs.parse("<x,y> <y>");
        assertThat(a.activities()).isEqualTo(b.activities());
        assertThat(a.variants()).isEqualTo(b.variants());
    }

    @Test
    void eventsWithoutTimestampHaveNoTime() {
        assertThat(TestLogs.parse("<a>").times(0)).containsExactly(IndexedLog.NO_TIME);
    }
}
