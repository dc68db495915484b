package io.coalition.privacy.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every evaluation table has PNG plots that decode with ImageIO at the declared size. */
class PlotsTest {
    @TempDir
    Path dir;

    static Summary s(double mean, double std) {
        return new Summary(mean, std, 3, 0);
    }

    @Test
    void table2_figures5and6_andTheRealLogTable_writeDecodablePngs() throws Exception {
        List<Path> written = new java.util.ArrayList<>();
        written.addAll(Plots.table2(List.of(
                new TerminatingStates.Row(200, "0.5", 3, s(80, 10), s(40, 5)),
                new TerminatingStates.Row(200, "2", 3, s(90, 5), s(60, 0)),
                new TerminatingStates.Row(2000, "0.5", 3, s(85, 3), s(80, 10)),
                new TerminatingStates.Row(2000, "2", 3, s(100, 0), s(100, 0))), dir));
        List<PatternUtility.Row> fig5 = List.of(
                new PatternUtility.Row(1000, 1, "0.1", 0.02, 0.01, 3, 150, 40, s(20, 5), s(2, 1)),
                new PatternUtility.Row(1000, 1, "1", 0.02, 0.01, 3, 150, 60, s(70, 5), s(8, 2)),
                new PatternUtility.Row(1000, 1, "10", 0.02, 0.01, 3, 150, 80, s(80, 5), s(12, 2)));
        written.addAll(Plots.figure5(fig5, dir));
        written.addAll(Plots.figure6(List.of(
                new PatternUtility.Row(200, 1, "1", 0.02, 0.01, 3, 150, 40, s(20, 5), s(2, 1)),
                new PatternUtility.Row(2000, 1, "1", 0.02, 0.01, 3, 150, 40, s(40, 5), s(6, 1)),
                new PatternUtility.Row(200, 3, "1", 0.02, 0.01, 3, 150, 40, s(30, 5), s(4, 1)),
                new PatternUtility.Row(2000, 3, "1", 0.02, 0.01, 3, 150, 40, s(60, 5), s(9, 1))), dir));
        written.addAll(Plots.realLog("Sepsis", new RealLogUtility.Row("original", 0, 1050, 0.998, 0.214), List.of(
                new RealLogUtility.Row("0.1", 0, 1600, 0.6, 0.38), new RealLogUtility.Row("0.1", 1, 1500, Double.NaN, Double.NaN),
                new RealLogUtility.Row("1", 0, 1100, 0.97, 0.31), new RealLogUtility.Row("1", 1, 1120, 0.98, 0.33)), dir));

        assertThat(written).extracting(p -> p.getFileName().toString()).containsExactly(
                "table2-precision.png", "table2-recall.png", "figure5-precision.png", "figure5-recall.png",
                "figure6-precision.png", "figure6-recall.png", "sepsis-fitness.png", "sepsis-precision.png");
        for (Path p : written) {
            BufferedImage img = ImageIO.read(p.toFile());
            assertThat(img).as(p.toString()).isNotNull();
            assertThat(img.getWidth()).isEqualTo(Plots.WIDTH);
            assertThat(img.getHeight()).isEqualTo(Plots.HEIGHT);
            assertThat(distinctColours(img)).as("a drawn chart, not a blank image: " + p).isGreaterThan(10);
        }
        // Written atomically: no temporary file is left beside the plots.
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).allMatch(n -> n.endsWith(".png"));
        }
    }

    static long distinctColours(BufferedImage img) {
        java.util.Set<Integer> c = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) for (int x = 0; x < img.getWidth(); x += 3) c.add(img.getRGB(x, y));
        return c.size();
    }
}
