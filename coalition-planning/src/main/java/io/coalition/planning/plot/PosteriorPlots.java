package io.coalition.planning.plot;

import io.coalition.planning.PlanningException;
import io.coalition.planning.bayes.AvailabilityPosterior;
import io.coalition.planning.iow.PlanReport;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYAreaRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PNG plots of seed 001's step 2: for each task, the Beta posterior density of every authorized organization's
 * availability, with its 95% equal-tailed credible interval shaded and the posterior parameters, mean and
 * interval in the legend. Rendered with JFreeChart (headless); each file is written to a temporary file beside
 * the target and moved into place, so a failed run leaves no half-written PNG.
 */
public final class PosteriorPlots {
    /** Plot size in pixels. */
    public static final int WIDTH = 900, HEIGHT = 560;
    private static final int POINTS = 400;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
            new Color(0xbcbd22), new Color(0x17becf)};

    private PosteriorPlots() {
    }

    /**
     * Writes {@code posterior-<task>.png} for every task of {@code report} into {@code dir} (created if needed)
     * and returns the files in the workflow's task order.
     *
     * @throws PlanningException naming the file when a plot cannot be written
     */
    public static List<Path> write(PlanReport report, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new PlanningException("cannot create the plot directory " + dir + ": " + e.getMessage(), e);
        }
        List<Path> out = new ArrayList<>();
        for (var e : report.availability().entrySet()) {
            Path file = dir.resolve("posterior-" + e.getKey().replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
            JFreeChart chart = chart(report.workflow(), e.getKey(), e.getValue());
            writeAtomically(file, os -> ChartUtils.writeChartAsPNG(os, chart, WIDTH, HEIGHT));
            out.add(file);
        }
        return List.copyOf(out);
    }

    static JFreeChart chart(String workflow, String task, Map<String, PlanReport.Availability> byOrganization) {
        XYSeriesCollection curves = new XYSeriesCollection();
        XYSeriesCollection intervals = new XYSeriesCollection();
        double top = 0;
        for (var e : byOrganization.entrySet()) {
            PlanReport.Availability a = e.getValue();
            AvailabilityPosterior p = new AvailabilityPosterior(a.alpha(), a.beta());
            String label = String.format(Locale.ROOT, "%s  Beta(%s, %s)  mean %.3f  95%% CI [%.3f, %.3f]",
                    e.getKey(), number(a.alpha()), number(a.beta()), a.mean(), a.lower(), a.upper());
            XYSeries curve = new XYSeries(label, false, false);
            XYSeries interval = new XYSeries(e.getKey() + " 95% CI", false, false);
            for (int i = 0; i <= POINTS; i++) {
                // open grid: a prior below 1 makes the density infinite at 0 or 1
                double theta = (i + 0.5) / (POINTS + 1);
                double d = finite(p.density(theta));
                curve.add(theta, d);
                top = Math.max(top, d);
                if (theta >= a.lower() && theta <= a.upper()) interval.add(theta, d);
            }
            interval.add(a.lower(), finite(p.density(a.lower())));
            interval.add(a.upper(), finite(p.density(a.upper())));
            curves.addSeries(curve);
            intervals.addSeries(sorted(interval));
        }
        NumberAxis x = new NumberAxis("availability θ");
        x.setRange(0, 1);
        NumberAxis y = new NumberAxis("posterior density");
        y.setRange(0, Math.max(top, 1e-9) * 1.08);
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
        XYAreaRenderer areas = new XYAreaRenderer(XYAreaRenderer.AREA);
        for (int s = 0; s < curves.getSeriesCount(); s++) {
            Color c = PALETTE[s % PALETTE.length];
            lines.setSeriesPaint(s, c);
            lines.setSeriesStroke(s, new BasicStroke(2f));
            areas.setSeriesPaint(s, new Color(c.getRed(), c.getGreen(), c.getBlue(), 60));
            areas.setSeriesVisibleInLegend(s, false);
        }
        XYPlot plot = new XYPlot(curves, x, y, lines);
        plot.setDataset(1, intervals);
        plot.setRenderer(1, areas);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart("Availability posterior for task " + task, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.addSubtitle(new TextTitle("workflow " + workflow + ": Beta prior x Binomial history (seed 001 step 2);"
                + " shaded: 95% equal-tailed credible interval", new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static XYSeries sorted(XYSeries s) {
        XYSeries out = new XYSeries(s.getKey(), true, false);
        for (int i = 0; i < s.getItemCount(); i++) out.addOrUpdate(s.getX(i), s.getY(i));
        return out;
    }

    private static double finite(double d) {
        return Double.isFinite(d) ? d : 0;
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.3f", v);
    }

    private interface Content {
        void write(OutputStream out) throws IOException;
    }

    private static void writeAtomically(Path file, Content content) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
            try (OutputStream os = Files.newOutputStream(tmp)) {
                content.write(os);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new PlanningException("cannot write plot " + file + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is the one to report
                }
            }
        }
    }
}
