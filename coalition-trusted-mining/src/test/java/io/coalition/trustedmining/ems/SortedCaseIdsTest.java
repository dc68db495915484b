package io.coalition.trustedmining.ems;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    /** Opens run files through {@link Files#newInputStream}, counting how many are open at once. */
    static final class CountingOpener implements SortedCaseIds.Opener {
        final List<Path> opened = new ArrayList<>();
        int open;
        int maxOpen;
        /** Fails the open with this number (from 1); 0 for never. */
        int failAt;

        @Override
        public InputStream open(Path run) throws IOException {
            opened.add(run);
            if (opened.size() == failAt) throw new IOException("injected failure opening " + run.getFileName());
            InputStream in = Files.newInputStream(run);
            maxOpen = Math.max(maxOpen, ++open);
            return new FilterInputStream(in) {
                private boolean closed;

                @Override
                public void close() throws IOException {
                    if (!closed) open--;
                    closed = true;
                    super.close();
                }
            };
        }
    }

    private static List<String> sorted(List<String> rows) {
        TreeSet<String> expected = new TreeSet<>(CanonicalOrder.CASE_IDS);
        expected.addAll(rows);
        return new ArrayList<>(expected);
    }

    private static List<String> all(SortedCaseIds ids) {
        List<String> all = new ArrayList<>();
        try (SortedCaseIds.Cursor c = ids.cursor(0)) {
            c.forEachRemaining(all::add);
        }
        return all;
    }

    /**
     * Budget 7 over 7,501 rows of 1,501 ids: 1,070 runs (a run drops only its own repeats), merged 2, 4 or 64 at a
     * time (64: the default cap) in 11, 6 or 2 passes.
     */
    @ParameterizedTest(name = "fan-in {0}")
    @ValueSource(ints = {2, 4, SortedCaseIds.MAX_FAN_IN})
    void fanInIsCappedAndTheResultIsUnchanged(int fanIn) throws Exception {
        List<String> rows = rows(6, 1500, 6000);
        List<String> want = sorted(rows);
        CountingOpener opener = new CountingOpener();
        SortedCaseIds ids;
        try (SortedCaseIds.Sorter sorter = new SortedCaseIds.Sorter(7, tmp, fanIn, opener)) {
            rows.forEach(sorter::add);
            ids = sorter.finish();
            assertThat(sorter.runs()).isEqualTo(1070);
            int passes = 1;
            for (int runs = 1070; runs > fanIn; runs = (runs + fanIn - 1) / fanIn) passes++;
            assertThat(sorter.passes()).isEqualTo(passes).isEqualTo(switch (fanIn) {
                case 2 -> 11;
                case 4 -> 6;
                default -> 2;
            });
        }
        assertThat(opener.maxOpen).as("run files open at once").isEqualTo(fanIn);
        assertThat(opener.open).as("run files left open").isZero();
        try (ids) {
            assertThat(ids.size()).isEqualTo(want.size());
            assertThat(all(ids)).isEqualTo(want);
            assertThat(ids.get(700)).isEqualTo(want.get(700));
            try (var files = Files.list(tmp.resolve(opener.opened.get(0).getParent().getFileName()))) {
                assertThat(files).as("only the sorted file stays until close").extracting(f -> f.getFileName().toString())
                        .containsExactly("sorted");
            }
        }
        try (var left = Files.list(tmp)) {
            assertThat(left).as("temporary files removed by close").isEmpty();
        }
    }

    /** Budget 1 over 1,501 distinct ids: one run each, far more than the default cap; never more than 64 open. */
    @Test
    void oneRunPerIdStaysWithinTheDefaultCap() {
        List<String> rows = rows(6, 1500, 0);
        CountingOpener opener = new CountingOpener();
        try (SortedCaseIds.Sorter sorter = new SortedCaseIds.Sorter(1, tmp, SortedCaseIds.MAX_FAN_IN, opener)) {
            rows.forEach(sorter::add);
            try (SortedCaseIds ids = sorter.finish()) {
                assertThat(sorter.runs()).isEqualTo(1501);
                assertThat(sorter.passes()).isEqualTo(2); // 1501 -> 24 runs -> the sorted file
                assertThat(opener.maxOpen).isEqualTo(SortedCaseIds.MAX_FAN_IN);
                assertThat(all(ids)).isEqualTo(sorted(rows));
            }
        }
    }

    /**
     * A run that cannot be opened, in the first pass (open 1), later in the first pass (open 9: run-8), or as the
     * last file of the final merge: the error names the directory and the file, every file is closed and the
     * temporary directory is gone.
     */
    @ParameterizedTest(name = "failing open {0} (0: the last)")
    @ValueSource(ints = {1, 9, 0})
    void failedMergeClosesAndRemovesEverything(int failAt) throws Exception {
        List<String> rows = rows(6, 1500, 6000);
        CountingOpener clean = new CountingOpener();
        try (SortedCaseIds.Sorter sorter = new SortedCaseIds.Sorter(7, tmp, 4, clean)) {
            rows.forEach(sorter::add);
            sorter.finish().close();
        }
        int at = failAt == 0 ? clean.opened.size() : failAt;
        String file = clean.opened.get(at - 1).getFileName().toString();
        if (failAt == 9) assertThat(file).isEqualTo("run-8");

        CountingOpener opener = new CountingOpener();
        opener.failAt = at;
        try (SortedCaseIds.Sorter sorter = new SortedCaseIds.Sorter(7, tmp, 4, opener)) {
            rows.forEach(sorter::add);
            Path dir = Files.list(tmp).findFirst().orElseThrow();
            assertThatThrownBy(sorter::finish)
                    .isExactlyInstanceOf(UncheckedIOException.class)
                    .hasMessage("case ids in " + dir + ": injected failure opening " + file);
        }
        assertThat(opener.opened).hasSize(at);
        assertThat(opener.open).as("run files left open").isZero();
        try (var left = Files.list(tmp)) {
            assertThat(left).as("temporary files removed on failure").isEmpty();
        }
    }
}
