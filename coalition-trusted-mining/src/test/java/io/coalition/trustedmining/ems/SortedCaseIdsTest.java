package io.coalition.trustedmining.ems;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The external sort of case ids: same result as an in-memory sort, whatever the budget. */
class SortedCaseIdsTest {
    @TempDir
    Path tmp;

    /** Ids from a fixed seed: ASCII, Latin-1, BMP above the surrogates and supplementary characters, with repeats. */
    static List<String> rows(long seed, int distinct, int rows) {
        Random r = new Random(seed);
        int[][] ranges = {{'0', 'z'}, {0xC0, 0xFF}, {0xE000, 0xFFFD}, {0x1F600, 0x1F64F}};
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < distinct; i++) {
            StringBuilder b = new StringBuilder();
            for (int n = 1 + r.nextInt(4); n > 0; n--) {
                int[] range = ranges[r.nextInt(ranges.length)];
                b.appendCodePoint(range[0] + r.nextInt(range[1] - range[0] + 1));
            }
            ids.add(b.toString());
        }
        ids.add("\uD800"); // an unpaired surrogate survives the run files
        List<String> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) out.add(ids.get(r.nextInt(ids.size())));
        out.addAll(ids);
        return out;
    }

    @ParameterizedTest(name = "seed 6, budget {0}")
    @ValueSource(ints = {1, 7, 100, 5000})
    void externalSortEqualsInMemorySort(int budget) throws Exception {
        List<String> rows = rows(6, 1500, 6000);
        TreeSet<String> expected = new TreeSet<>(CanonicalOrder.CASE_IDS);
        expected.addAll(rows);
        List<String> want = new ArrayList<>(expected);
        SortedCaseIds ids;
        try (SortedCaseIds.Sorter sorter = new SortedCaseIds.Sorter(budget, tmp)) {
            rows.forEach(sorter::add);
            ids = sorter.finish();
            if (budget < want.size()) assertThat(sorter.runs()).isGreaterThanOrEqualTo(want.size() / budget);
            else assertThat(sorter.runs()).isZero();
        }
        try (ids) {
            assertThat(ids.spilled()).isEqualTo(budget < want.size());
            assertThat(ids.size()).isEqualTo(want.size());
            List<String> all = new ArrayList<>();
            try (SortedCaseIds.Cursor c = ids.cursor(0)) {
                c.forEachRemaining(all::add);
            }
            assertThat(all).isEqualTo(want);
            for (int at : new int[]{0, 1, 255, 256, 257, 700, want.size() - 1}) {
                assertThat(ids.get(at)).as("id %d", at).isEqualTo(want.get(at));
                try (SortedCaseIds.Cursor c = ids.cursor(at)) {
                    List<String> rest = new ArrayList<>();
                    c.forEachRemaining(rest::add);
                    assertThat(rest).isEqualTo(want.subList(at, want.size()));
                }
            }
        }
        try (var left = Files.list(tmp)) {
            assertThat(left).as("temporary files removed by close").isEmpty();
        }
    }
}
