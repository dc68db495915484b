package io.coalition.privacy.evaluation;

import io.coalition.privacy.PrivacyException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The published SaCoFa and TraVaS result utility (fitness and precision of IMf models mined from their private logs,
 * 10-run averages) as transcribed in ../shared/data/dp/travas-results.md: per log, measure and method a matrix of
 * epsilon rows and delta columns. Read so the real-log table can print them beside ours.
 */
public final class PublishedResults {
    /** The delta column the comparison uses (the TraVaS paper's main setting). */
    public static final String DELTA = "0.05";
    /** The methods compared, in column order. */
    public static final List<String> METHODS = List.of("SaCoFa", "TraVaS");

    private final String log;
    /** key: measure|method|epsilon -> value at {@link #DELTA} */
    private final Map<String, Double> values;

    private PublishedResults(String log, Map<String, Double> values) {
        this.log = log;
        this.values = values;
    }

    /**
     * Reads the matrices of {@code log} ("Sepsis" or "BPIC13") from the markdown file.
     *
     * @throws PrivacyException when the file has no fitness or precision table for that log, or a table has no
     *                          column for delta {@value #DELTA}
     */
    public static PublishedResults read(Path markdown, String log) {
        List<String> lines;
        try {
            lines = Files.readAllLines(markdown);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read published results " + markdown, e);
        }
        Map<String, Double> values = new HashMap<>();
        String measure = null;
        String method = null;
        int deltaColumn = -1;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).trim();
            if (l.startsWith("### ")) {
                String h = l.substring(4);
                measure = null;
                if (h.startsWith(log + " - Fitness")) measure = "fitness";
                else if (h.startsWith(log + " - Precision")) measure = "precision";
                method = null;
            } else if (!l.isEmpty() && !l.startsWith("|")) {
                // A method label (uTraVaS and Benchmark are not compared) or text: a new table starts.
                method = METHODS.contains(l) ? l : null;
                deltaColumn = -1;
            } else if (measure != null && method != null && l.startsWith("| epsilon")) {
                String[] cells = cells(l);
                for (int c = 1; c < cells.length; c++) if (cells[c].equals(DELTA)) deltaColumn = c;
                if (deltaColumn < 0) {
                    throw new PrivacyException(markdown + ":" + (i + 1) + ": no column for delta " + DELTA);
                }
            } else if (measure != null && method != null && deltaColumn > 0 && l.startsWith("|")
                    && !l.startsWith("|---")) {
                String[] cells = cells(l);
                values.put(measure + "|" + method + "|" + epsilon(cells[0]), Double.parseDouble(cells[deltaColumn]));
            }
        }
        for (String m : List.of("fitness", "precision")) {
            for (String method2 : METHODS) {
                if (values.keySet().stream().noneMatch(k -> k.startsWith(m + "|" + method2 + "|"))) {
                    throw new PrivacyException(markdown + ": no " + method2 + " " + m + " table for log '" + log + "'");
                }
            }
        }
        return new PublishedResults(log, Map.copyOf(values));
    }

    /** The log name in the published file for a log file: Sepsis or BPIC13, or null when it is neither. */
    public static String logName(Path file) {
        String f = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (f.contains("sepsis")) return "Sepsis";
        if (f.contains("bpic13") || f.contains("bpic2013")) return "BPIC13";
        return null;
    }

    public String log() {
        return log;
    }

    /** The published value, or empty when the paper has no row for this epsilon (e.g. 0.5). */
    public OptionalDouble value(String measure, String method, String epsilon) {
        Double v = values.get(measure + "|" + method + "|" + epsilon(epsilon));
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    private static String[] cells(String row) {
        String[] c = row.substring(1, row.lastIndexOf('|')).split("\\|");
        for (int i = 0; i < c.length; i++) c[i] = c[i].trim();
        return c;
    }

    private static String epsilon(String e) {
        return new java.math.BigDecimal(e.trim()).stripTrailingZeros().toPlainString();
    }

    /**
     * {@link RealLogUtility#summaryCsv} with the published columns appended: sacofa_fitness, sacofa_precision,
     * travas_fitness, travas_precision (delta {@value #DELTA}; empty where the paper has no such epsilon).
     */
    public String appendTo(String summaryCsv) {
        StringBuilder sb = new StringBuilder();
        List<String> lines = summaryCsv.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            sb.append(lines.get(i));
            if (i == 0) {
                for (String m : METHODS) {
                    String p = m.toLowerCase(Locale.ROOT);
                    sb.append(',').append(p).append("_fitness,").append(p).append("_precision");
                }
            } else {
                String eps = lines.get(i).substring(0, lines.get(i).indexOf(','));
                for (String m : METHODS) {
                    for (String measure : List.of("fitness", "precision")) {
                        sb.append(',');
                        if (eps.equals("original")) continue;
                        OptionalDouble v = value(measure, m, eps);
                        if (v.isPresent()) sb.append(String.format(Locale.ROOT, "%.4f", v.getAsDouble()));
                    }
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
