package io.coalition.privacy.noise;

import io.coalition.privacy.PrivacyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BudgetLedgerTest {
    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");
    private static final BigDecimal ONE = BigDecimal.ONE;

    @TempDir
    Path dir;

    private BudgetLedger.Budget spend(Path file, String dataset, BigDecimal total, String epsilon) {
        try (BudgetLedger l = BudgetLedger.lock(file)) {
            l.check(dataset, total, new BigDecimal(epsilon));
            return l.record(dataset, total, new BigDecimal(epsilon), "publish", T);
        }
    }

    @Test
    void spendsAccumulateAcrossRuns_andTheRunThatWouldOverspendIsRefused_leavingTheFileUnchanged() throws Exception {
        Path file = dir.resolve("ledger.json");
        spend(file, "sha256:aa", ONE, "0.4");
        BudgetLedger.Budget b = spend(file, "sha256:aa", null, "0.4");
        assertThat(b.spent()).isEqualByComparingTo("0.8");
        assertThat(b.spends()).extracting(BudgetLedger.Spend::at).containsExactly(T, T);
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> spend(file, "sha256:aa", null, "0.3"))
                .isInstanceOf(PrivacyException.class)
                .hasMessage("privacy budget exceeded for dataset sha256:aa in ledger " + file
                        + ": this release asks epsilon 0.3 but only 0.2 of 1 is left after 2 earlier releases");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        // another dataset has its own budget
        assertThat(spend(file, "sha256:bb", new BigDecimal("0.5"), "0.5").remaining()).isEqualByComparingTo("0");
        assertThat(spend(file, "sha256:aa", ONE, "0.2").remaining()).isEqualByComparingTo("0");
    }

    @Test
    void aNewDatasetNeedsATotal_andAKnownTotalCannotBeChanged() {
        Path file = dir.resolve("ledger.json");
        assertThatThrownBy(() -> spend(file, "sha256:aa", null, "0.1"))
                .hasMessage("budget ledger " + file + " has no budget for dataset sha256:aa; set its total with --total-budget");
        assertThat(Files.exists(file)).isFalse();
        spend(file, "sha256:aa", ONE, "0.1");
        assertThatThrownBy(() -> spend(file, "sha256:aa", new BigDecimal("5"), "0.1"))
                .hasMessage("budget ledger " + file + " fixes the total of dataset sha256:aa at 1, not 5 (a total cannot "
                        + "be changed)");
    }

    @Test
    void aTamperedOrForeignLedgerIsRefused() throws Exception {
        Path file = dir.resolve("ledger.json");
        spend(file, "sha256:aa", ONE, "0.5");
        String json = Files.readString(file);
        Files.writeString(file, json.replace("\"epsilon\" : \"0.5\"", "\"epsilon\" : \"-0.5\""));
        assertThatThrownBy(() -> BudgetLedger.lock(file))
                .hasMessage("budget ledger " + file + ": dataset sha256:aa has a malformed total or spend");
        Files.writeString(file, json.substring(0, json.length() / 2));
        assertThatThrownBy(() -> BudgetLedger.lock(file)).hasMessageStartingWith("budget ledger " + file
                + ": not a readable ledger: ");
        Files.writeString(file, "{\"datasets\":{}}");
        assertThatThrownBy(() -> BudgetLedger.lock(file))
                .hasMessage("budget ledger " + file + ": not a coalition-privacy-ledger/1 file");
        // a failed open leaves the ledger usable by the next run
        Files.writeString(file, json);
        assertThat(spend(file, "sha256:aa", null, "0.5").remaining()).isEqualByComparingTo("0");
    }

    @Test
    void concurrentRunsCannotBothPassTheCheck() throws Exception {
        Path file = dir.resolve("ledger.json");
        int runs = 8;
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < runs; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        spend(file, "sha256:aa", ONE, "0.3");
                        return true;
                    } catch (PrivacyException refused) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int granted = 0;
            for (Future<Boolean> f : results) if (f.get()) granted++;
            assertThat(granted).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
        try (BudgetLedger l = BudgetLedger.lock(file)) {
            assertThat(l.budget("sha256:aa").spent()).isEqualByComparingTo("0.9");
        }
    }

    @Test
    void theDatasetKeyIsTheSha256OfTheFile() throws Exception {
        Path data = dir.resolve("log.csv");
        Files.write(data, "abc".getBytes(StandardCharsets.US_ASCII));
        assertThat(BudgetLedger.datasetOf(data))
                .isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
