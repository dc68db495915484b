package io.coalition.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.coalition.app.MainTest.run;
import static org.assertj.core.api.Assertions.assertThat;

class PlanCommandTest {
    static final String NL = System.lineSeparator();

    @TempDir
    Path tmp;

    @Test
    void runningExamplePrintsTheSeedsPlanDelegatesAndRiskMatrix() {
        MainTest.Result r = run("plan", "--example", "--runs", "2000");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("  1. T1=O3 T2=O4 T3=O3 T4=O5 T5=O3  score ")
                .contains("  T3     O1, O2" + NL)
                .contains("  T5     none" + NL)
                .contains("tasks without a valid delegate: T5" + NL)
                .contains("  T5     priority 0.80  constraints 2  risk CRITICAL" + NL)
                .contains("  static ", "  decremental ", "  dynamic ");
    }

    @Test
    void jsonReportCarriesPlansAndResilience() throws Exception {
        MainTest.Result r = run("plan", "--example", "--json", "--runs", "500");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.at("/report/plans/0/assignment/T4").asText()).isEqualTo("O5");
        assertThat(doc.at("/report/delegates/T3").toString()).isEqualTo("[\"O1\",\"O2\"]");
        assertThat(doc.at("/resilience").size()).isEqualTo(3);
    }

    @Test
    void plotsOptionWritesDecodablePngsAndSaysWhere() throws Exception {
        Path dir = tmp.resolve("plots");
        MainTest.Result r = run("plan", "--example", "--runs", "0", "--plots", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).endsWith("posterior plots: 5 PNG files in " + dir + NL);
        for (String t : new String[]{"T1", "T2", "T3", "T4", "T5"}) {
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(dir.resolve("posterior-" + t + ".png").toFile());
            assertThat(img).as(t).isNotNull();
            assertThat(img.getWidth()).isEqualTo(900);
        }
    }

    @Test
    void badWorkflowFileExitsWithTheFieldNamed() throws Exception {
        Path f = tmp.resolve("iow.json");
        Files.writeString(f, "{\"name\": \"x\", \"prior\": {\"alpha\": 1, \"beta\": 1}, \"tasks\": []}");
        MainTest.Result r = run("plan", "--workflow", f.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("coalition: " + f + ": tasks: at least one task is required" + NL);
    }
}
