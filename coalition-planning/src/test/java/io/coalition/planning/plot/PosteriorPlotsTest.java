package io.coalition.planning.plot;

import io.coalition.planning.PlanningException;
import io.coalition.planning.iow.AssignmentPlanner;
import io.coalition.planning.iow.PlanReport;
import io.coalition.planning.iow.WorkflowReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PosteriorPlotsTest {
    static PlanReport example() {
        return AssignmentPlanner.plan(WorkflowReader.runningExample(), AssignmentPlanner.Options.DEFAULT);
    }

    @Test
    void writesOneDecodablePngPerTask(@TempDir Path dir) throws IOException {
        List<Path> files = PosteriorPlots.write(example(), dir.resolve("plots"));
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly(
                "posterior-T1.png", "posterior-T2.png", "posterior-T3.png", "posterior-T4.png", "posterior-T5.png");
        for (Path f : files) {
            BufferedImage img = ImageIO.read(f.toFile());
            assertThat(img).as(f.toString()).isNotNull();
            assertThat(img.getWidth()).isEqualTo(PosteriorPlots.WIDTH);
            assertThat(img.getHeight()).isEqualTo(PosteriorPlots.HEIGHT);
            // the first organization's curve colour is drawn (a blank or failed render would not contain it)
            assertThat(colours(img)).as(f.toString()).contains(0x1f77b4).hasSizeGreaterThan(50);
        }
        try (Stream<Path> left = Files.list(dir.resolve("plots"))) {
            assertThat(left).as("no temporary files remain").hasSize(5);
        }
    }

    @Test
    void aFileInPlaceOfTheDirectoryIsReported(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("plots"), "not a directory");
        assertThatThrownBy(() -> PosteriorPlots.write(example(), file)).isInstanceOf(PlanningException.class)
                .hasMessage("cannot create the plot directory " + file + ": " + file);
    }

    static Set<Integer> colours(BufferedImage img) {
        Set<Integer> out = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) out.add(img.getRGB(x, y) & 0xffffff);
        return out;
    }
}
