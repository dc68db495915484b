package io.coalition.privacy.evaluation;

import io.coalition.eventlog.io.AtomicFiles;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * PNG line charts (JFreeChart) of the evaluation tables: one series per setting, the mean as the line and one
 * standard deviation as error bars. Files are written atomically; each method returns the paths it wrote.
 */
public final class Plots {
    public static final int WIDTH = 800;
    public static final int HEIGHT = 500;
    /** Dark, distinct colours (JFreeChart's default cycle includes yellow, unreadable on white). */
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x000000), new Color(0x8c564b)};

    /** One point: x, mean y and its standard deviation (0 or NaN draws no bar). */
    public record Point(double x, double y, double std) {
    }

    public record Series(String name, List<Point> points) {
        public Series {
            Objects.requireNonNull(name, "name");
            points = List.copyOf(points);
        }
    }

    /** A chart: a categorical x axis suits a sweep over epsilon, a linear one the number of BPs. */
    public record Chart(String title, String xLabel, String yLabel, boolean categoricalX, List<Series> series) {
        public Chart {
            series = List.copyOf(series);
        }
    }

    private Plots() {
    }

    /** Renders {@code chart} to a WIDTH x HEIGHT PNG at {@code out}. */
    public static Path png(Chart chart, Path out) {
        // A categorical x axis puts the swept values (epsilon 0.1, 0.5, 1, 2, ...) at equal steps, labelled as given.
        java.util.TreeSet<Double> xs = new java.util.TreeSet<>();
        for (Series s : chart.series()) for (Point p : s.points()) xs.add(p.x());
        List<Double> xIndex = new ArrayList<>(xs);
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (Series s : chart.series()) {
            YIntervalSeries ys = new YIntervalSeries(s.name());
            for (Point p : s.points()) {
                if (Double.isNaN(p.y())) continue;
                double d = Double.isNaN(p.std()) ? 0 : p.std();
                double x = chart.categoricalX() ? xIndex.indexOf(p.x()) : p.x();
                ys.add(x, p.y(), p.y() - d, p.y() + d);
            }
            data.addSeries(ys);
        }
        ValueAxis x;
        if (chart.categoricalX()) {
            x = new SymbolAxis(chart.xLabel(), xIndex.stream().map(PatternUtility::num).toArray(String[]::new));
        } else {
            NumberAxis n = new NumberAxis(chart.xLabel());
            n.setAutoRangeIncludesZero(false);
            x = n;
        }
        NumberAxis y = new NumberAxis(chart.yLabel());
        // Every measure plotted is non-negative: start at 0 even where an error bar would reach below.
        double top = 0;
        for (Series s : chart.series()) {
            for (Point p : s.points()) if (!Double.isNaN(p.y())) top = Math.max(top, p.y() + (Double.isNaN(p.std()) ? 0 : p.std()));
        }
        y.setRange(0, top > 0 ? top * 1.05 : 1);
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDefaultLinesVisible(true);
        renderer.setDefaultShapesVisible(true);
        for (int i = 0; i < chart.series().size(); i++) renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart c = new JFreeChart(chart.title(), JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        c.setBackgroundPaint(Color.WHITE);
        AtomicFiles.write(out, o -> ChartUtils.writeChartAsPNG(o, c, WIDTH, HEIGHT));
        return out;
    }

    /** Table 2: precision and recall of terminating states against epsilon, one series per number of BPs. */
    public static List<Path> table2(List<TerminatingStates.Row> rows, Path dir) {
        List<Path> out = new ArrayList<>();
        out.add(png(new Chart("Table 2: terminating states, precision", "epsilon", "precision (%)", true,
                series(rows, r -> r.bps() + " BPs", r -> Double.parseDouble(r.epsilon()), TerminatingStates.Row::precision)),
                dir.resolve("table2-precision.png")));
        out.add(png(new Chart("Table 2: terminating states, recall", "epsilon", "recall (%)", true,
                series(rows, r -> r.bps() + " BPs", r -> Double.parseDouble(r.epsilon()), TerminatingStates.Row::recall)),
                dir.resolve("table2-recall.png")));
        return out;
    }

    /** Figure 5: frequent pattern precision and recall against epsilon, one series per sanitized support. */
    public static List<Path> figure5(List<PatternUtility.Row> rows, Path dir) {
        Function<PatternUtility.Row, String> key = r -> "support " + pct(r.sanitizedSupport()) + " (D: "
                + pct(r.originalSupport()) + ")";
        List<Path> out = new ArrayList<>();
        out.add(png(new Chart("Figure 5(a): frequent patterns, precision", "epsilon", "precision (%)", true,
                series(rows, key, r -> Double.parseDouble(r.epsilon()), PatternUtility.Row::precision)),
                dir.resolve("figure5-precision.png")));
        out.add(png(new Chart("Figure 5(b): frequent patterns, recall", "epsilon", "recall (%)", true,
                series(rows, key, r -> Double.parseDouble(r.epsilon()), PatternUtility.Row::recall)),
                dir.resolve("figure5-recall.png")));
        return out;
    }

    /** Figure 6: frequent pattern precision and recall against the number of BPs, one series per sequences/BP. */
    public static List<Path> figure6(List<PatternUtility.Row> rows, Path dir) {
        Function<PatternUtility.Row, String> key = r -> r.perBp() + " sequence" + (r.perBp() == 1 ? "" : "s") + " per BP";
        List<Path> out = new ArrayList<>();
        out.add(png(new Chart("Figure 6(a): frequent patterns, precision", "BPs", "precision (%)", false,
                series(rows, key, PatternUtility.Row::bps, PatternUtility.Row::precision)),
                dir.resolve("figure6-precision.png")));
        out.add(png(new Chart("Figure 6(b): frequent patterns, recall", "BPs", "recall (%)", false,
                series(rows, key, PatternUtility.Row::bps, PatternUtility.Row::recall)),
                dir.resolve("figure6-recall.png")));
        return out;
    }

    /**
     * The real-log utility table: fitness and precision against epsilon (mean and std over runs), with the
     * non-private baseline as a flat series. {@code name} prefixes the file names.
     */
    public static List<Path> realLog(String name, RealLogUtility.Row baseline, List<RealLogUtility.Row> runs, Path dir) {
        return realLog(name, baseline, runs, null, dir);
    }

    /** As above, with the published SaCoFa and TraVaS values (where they have the epsilon) as extra series. */
    public static List<Path> realLog(String name, RealLogUtility.Row baseline, List<RealLogUtility.Row> runs,
                                     PublishedResults published, Path dir) {
        List<RealLogUtility.Summarized> s = RealLogUtility.summarize(runs);
        List<Path> out = new ArrayList<>();
        String[] measure = {"fitness", "precision"};
        for (int m = 0; m < 2; m++) {
            boolean fit = m == 0;
            List<Point> pts = new ArrayList<>();
            List<Point> base = new ArrayList<>();
            for (RealLogUtility.Summarized r : s) {
                double e = Double.parseDouble(r.epsilon());
                Summary v = fit ? r.fitness() : r.precision();
                pts.add(new Point(e, v.mean(), v.std()));
                base.add(new Point(e, fit ? baseline.fitness() : baseline.precision(), 0));
            }
            List<Series> series = new ArrayList<>(List.of(new Series("private log (mean, std)", pts),
                    new Series("original log (no privacy)", base)));
            if (published != null) {
                for (String method : PublishedResults.METHODS) {
                    List<Point> p = new ArrayList<>();
                    for (RealLogUtility.Summarized r : s) {
                        java.util.OptionalDouble v = published.value(measure[m], method, r.epsilon());
                        p.add(new Point(Double.parseDouble(r.epsilon()), v.orElse(Double.NaN), 0));
                    }
                    series.add(new Series(method + " (published, delta " + PublishedResults.DELTA + ")", p));
                }
            }
            out.add(png(new Chart(name + ": " + measure[m] + " of the model mined from the private log", "epsilon",
                    measure[m], true, series),
                    dir.resolve(fileName(name) + "-" + measure[m] + ".png")));
        }
        return out;
    }

    private static <R> List<Series> series(List<R> rows, Function<R, String> key, ToDoubleFunction<R> x,
                                           Function<R, Summary> y) {
        Map<String, List<Point>> m = new LinkedHashMap<>();
        for (R r : rows) {
            Summary s = y.apply(r);
            m.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(new Point(x.applyAsDouble(r), s.mean(), s.std()));
        }
        List<Series> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(new Series(k, v)));
        return out;
    }

    private static String pct(double fraction) {
        return PatternUtility.num(fraction * 100) + "%";
    }

    static String fileName(String s) {
        return s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }
}
