package io.coalition.privacy.evaluation;

import io.coalition.eventlog.TestData;
import io.coalition.privacy.PrivacyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The published SaCoFa/TraVaS numbers read from ../shared/data/dp/travas-results.md (delta 0.05). */
class PublishedResultsTest {
    @Test
    void readsTheDelta005Column_forBothLogs() {
        Path md = TestData.require("dp/travas-results.md");
        PublishedResults sepsis = PublishedResults.read(md, "Sepsis");
        assertThat(sepsis.value("fitness", "SaCoFa", "0.1")).isEqualTo(OptionalDouble.of(0.9833));
        assertThat(sepsis.value("precision", "TraVaS", "2")).isEqualTo(OptionalDouble.of(0.4848));
        assertThat(sepsis.value("fitness", "TraVaS", "0.5")).isEmpty();
        PublishedResults bpic = PublishedResults.read(md, "BPIC13");
        assertThat(bpic.value("precision", "SaCoFa", "1")).isEqualTo(OptionalDouble.of(0.8053));
        assertThat(bpic.value("fitness", "TraVaS", "0.1")).isEqualTo(OptionalDouble.of(0.9946));
        String csv = bpic.appendTo("epsilon,runs,missing,private_traces_mean,fitness_mean,fitness_std,precision_mean,"
                + "precision_std\noriginal,1,0,7554.0,1.0,0,0.6,0\n0.5,10,0,1.0,1.0,0,0.8,0\n1,10,0,1.0,1.0,0,0.8,0\n");
        assertThat(csv.lines()).containsExactly(
                "epsilon,runs,missing,private_traces_mean,fitness_mean,fitness_std,precision_mean,precision_std,"
                        + "sacofa_fitness,sacofa_precision,travas_fitness,travas_precision",
                "original,1,0,7554.0,1.0,0,0.6,0,,,,",
                "0.5,10,0,1.0,1.0,0,0.8,0,,,,",
                "1,10,0,1.0,1.0,0,0.8,0,0.9953,0.8053,0.9946,0.8767");
        assertThat(PublishedResults.logName(Path.of("x/07_bpic2013_incidents.xes.gz"))).isEqualTo("BPIC13");
        assertThat(PublishedResults.logName(Path.of("Sepsis.xes"))).isEqualTo("Sepsis");
    }

    @Test
    void unknownLog_isRefused_withTheFileAndLogNamed(@TempDir Path tmp) throws Exception {
        Path md = tmp.resolve("r.md");
        Files.writeString(md, "### Sepsis - Fitness\n\nSaCoFa\n\n| epsilon \\ delta | 0.5 | 0.05 |\n|---|---|---|\n| 1 | 0.9 | 0.8 |\n");
        assertThatThrownBy(() -> PublishedResults.read(md, "BPIC13"))
                .isInstanceOf(PrivacyException.class)
                .hasMessage(md + ": no SaCoFa fitness table for log 'BPIC13'");
    }
}
