package io.coalition.app;

import io.coalition.trustedmining.CaseSelection;
import io.coalition.trustedmining.TrustedMiningException;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code provider serve}'s case selection (the usage policy's "which cases"): options parsed into a
 * {@link CaseSelection}, each error one line naming its option.
 */
final class CaseOptions {
    @Option(names = "--release-cases-file", paramLabel = "FILE",
            description = "release only the cases listed in FILE (one case id per line, the merge key's value; blank lines "
                    + "and lines starting with # skipped)")
    Path releaseFile;

    @Option(names = "--withhold-cases-file", paramLabel = "FILE",
            description = "never release the cases listed in FILE (same format)")
    Path withholdFile;

    @Option(names = "--cases-from", paramLabel = "DATE|INSTANT",
            description = "release only cases that started (earliest event at this provider) at or after this time: "
                    + "2022-02-01 (midnight UTC) or 2022-02-01T08:00:00Z")
    String from;

    @Option(names = "--cases-until", paramLabel = "DATE|INSTANT",
            description = "release only cases that started before this time (exclusive; same formats)")
    String until;

    @Option(names = "--case-attribute", paramLabel = "KEY=V1,V2",
            description = "release only cases whose attribute KEY (the trace attribute, else the first event that has it) "
                    + "is one of the values; repeatable, all must hold")
    List<String> attributes = new ArrayList<>();

    @Option(names = "--case-attribute-range", paramLabel = "KEY=MIN..MAX",
            description = "release only cases whose attribute KEY (found as for --case-attribute), read as a decimal "
                    + "number, lies in [MIN, MAX] (ends included; leave one out for an open end: amount=..1000), or, with "
                    + "dates or times as ends, as a time (admitted=2024-01-01..2024-06-30: a date end covers its day, "
                    + "UTC); a case without it, or with a value of another kind, is not released; repeatable, all must hold")
    List<String> ranges = new ArrayList<>();

    /** The selection the options describe; conditions combine with AND. */
    CaseSelection selection() {
        CaseSelection s = CaseSelection.ALL;
        try {
            if (releaseFile != null) s = s.withRelease(CaseSelection.readIds("--release-cases-file", releaseFile));
            if (withholdFile != null) s = s.withWithhold(CaseSelection.readIds("--withhold-cases-file", withholdFile));
        } catch (TrustedMiningException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        Instant start = instant("--cases-from", from);
        Instant end = instant("--cases-until", until);
        if (start != null && end != null && !start.isBefore(end)) {
            throw new IllegalArgumentException("--cases-from " + start + " is not before --cases-until " + end);
        }
        if (start != null || end != null) s = s.withStart(start, end);
        for (String spec : attributes) {
            int eq = spec.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("--case-attribute " + spec + ": expected KEY=VALUE[,VALUE...]");
            String key = spec.substring(0, eq);
            Set<String> values = new LinkedHashSet<>();
            for (String v : spec.substring(eq + 1).split(",")) {
                if (!v.isBlank()) values.add(v.strip());
            }
            if (values.isEmpty()) throw new IllegalArgumentException("--case-attribute " + spec + ": no values");
            try {
                s = s.withAttribute(key, values);
            } catch (TrustedMiningException e) {
                throw new IllegalArgumentException("--case-attribute: attribute " + key + " is given twice (give its values in one option)");
            }
        }
        for (String spec : ranges) {
            s = withRange(s, spec);
        }
        return s;
    }

    private static CaseSelection withRange(CaseSelection s, String spec) {
        int eq = spec.indexOf('=');
        try {
            if (eq <= 0 || spec.indexOf("..", eq + 1) < 0) throw new TrustedMiningException("expected KEY=MIN..MAX (either end may be left out, e.g. amount=..1000)");
            return s.withRange(spec.substring(0, eq), CaseSelection.ValueRange.parse(spec.substring(eq + 1)));
        } catch (TrustedMiningException e) {
            throw new IllegalArgumentException("--case-attribute-range " + spec + ": "
                    + e.getMessage().replace("case selection: ", ""));
        }
    }

    /** A date (midnight UTC) or an ISO-8601 instant with offset; null stays null. */
    private static Instant instant(String option, String text) {
        if (text == null) return null;
        try {
            return CaseSelection.parseTime(text);
        } catch (TrustedMiningException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }
}
