package io.coalition.trustedmining;

import io.coalition.eventlog.Attributes;
import io.coalition.eventlog.Event;
import io.coalition.eventlog.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules of a usage policy's case selection, one condition at a time and combined. */
class CaseSelectionTest {
    static final Instant JAN = Instant.parse("2024-01-01T00:00:00Z");
    static final Instant FEB = Instant.parse("2024-02-01T00:00:00Z");
    @TempDir
    Path tmp;

    static Event at(String activity, Instant time, Object... more) {
        Attributes.Builder b = Attributes.builder().put("concept:name", activity).put("time:timestamp", time);
        for (int i = 0; i < more.length; i += 2) b.put((String) more[i], more[i + 1]);
        return new Event(b.build());
    }

    @Test
    void idListsReleaseOnlyListedAndNeverWithheldIds() {
        Trace a = Trace.of("a", List.of(at("x", JAN)));
        Trace b = Trace.of("b", List.of(at("x", JAN)));
        Trace c = Trace.of("c", List.of(at("x", JAN)));
        CaseSelection onlyAb = CaseSelection.ALL.withRelease(Set.of("a", "b"));
        assertThat(List.of(a, b, c)).filteredOn(onlyAb::test).containsExactly(a, b);
        assertThat(List.of(a, b, c)).filteredOn(CaseSelection.ALL.withWithhold(Set.of("b"))::test).containsExactly(a, c);
        // both lists: AND
        assertThat(List.of(a, b, c)).filteredOn(onlyAb.withWithhold(Set.of("b"))::test).containsExactly(a);
        assertThat(CaseSelection.ALL.all()).isTrue();
        assertThat(onlyAb.all()).isFalse();
    }

    @Test
    void windowTakesTheCasesThatStartedInItFromInclusiveUntilExclusive() {
        // events out of order: the start is the earliest timestamp, not the first event listed
        Trace startsAtFeb = Trace.of("late", List.of(at("y", FEB.plusSeconds(60)), at("x", FEB)));
        Trace startsJustBefore = Trace.of("early", List.of(at("x", FEB.minusNanos(1)), at("y", FEB.plusSeconds(3600))));
        Trace empty = Trace.of("empty", List.of());
        CaseSelection fromFeb = CaseSelection.ALL.withStart(FEB, null);
        CaseSelection untilFeb = CaseSelection.ALL.withStart(null, FEB);
        assertThat(fromFeb.test(startsAtFeb)).isTrue();
        assertThat(fromFeb.test(startsJustBefore)).isFalse();
        assertThat(untilFeb.test(startsAtFeb)).isFalse();
        // a case running across the boundary belongs to the window it started in: consecutive windows split the cases
        assertThat(untilFeb.test(startsJustBefore)).isTrue();
        assertThat(fromFeb.test(empty)).isFalse();
        assertThat(CaseSelection.ALL.withStart(JAN, FEB).describe())
                .isEqualTo("started in [2024-01-01T00:00:00Z, 2024-02-01T00:00:00Z)");
        assertThatThrownBy(() -> CaseSelection.ALL.withStart(FEB, JAN))
                .hasMessage("case selection: window [2024-02-01T00:00:00Z, 2024-01-01T00:00:00Z) is empty");
    }

    @Test
    void attributeIsTheTraceAttributeElseTheFirstEventThatHasIt() {
        Trace traceLevel = new Trace(Attributes.of("concept:name", "t1", "ward", "cardio"),
                List.of(at("x", JAN, "ward", "oncology")));
        Trace rowLevel = Trace.of("t2", List.of(at("x", JAN), at("y", JAN, "ward", "oncology"), at("z", JAN, "ward", "cardio")));
        Trace none = Trace.of("t3", List.of(at("x", JAN)));
        Trace numeric = Trace.of("t4", List.of(at("x", JAN, "priority", 2L)));
        CaseSelection cardio = CaseSelection.ALL.withAttribute("ward", Set.of("cardio"));
        assertThat(cardio.test(traceLevel)).isTrue();
        assertThat(cardio.test(rowLevel)).isFalse();
        assertThat(CaseSelection.ALL.withAttribute("ward", Set.of("oncology", "icu")).test(rowLevel)).isTrue();
        assertThat(cardio.test(none)).isFalse();
        // values compare as text
        assertThat(CaseSelection.ALL.withAttribute("priority", Set.of("1", "2")).test(numeric)).isTrue();
        // conditions combine with AND
        CaseSelection both = cardio.withAttribute("concept:name", Set.of("t1")).withStart(JAN, FEB);
        assertThat(both.test(traceLevel)).isTrue();
        assertThat(both.withRelease(Set.of("t2")).test(traceLevel)).isFalse();
        assertThat(both.describe()).isEqualTo("started in [2024-01-01T00:00:00Z, 2024-02-01T00:00:00Z) and concept:name in [t1]"
                + " and ward in [cardio]");
        assertThatThrownBy(() -> cardio.withAttribute("ward", Set.of("icu"))).hasMessage("case selection: attribute ward is given twice");
        assertThatThrownBy(() -> CaseSelection.ALL.withAttribute("ward", Set.of())).hasMessage("case selection: attribute ward has no values");
    }

    @Test
    void rangeReadsTheValueAsADecimalNumber_endsIncluded_eitherOpen() {
        Trace cheap = Trace.of("c1", List.of(at("x", JAN, "amount", 99.5)));
        Trace edge = Trace.of("c2", List.of(at("x", JAN, "amount", 1000L)));
        Trace dear = new Trace(Attributes.of("concept:name", "c3", "amount", " 1000.01 "), List.of(at("x", JAN)));
        Trace text = Trace.of("c4", List.of(at("x", JAN, "amount", "unknown")));
        Trace none = Trace.of("c5", List.of(at("x", JAN)));
        List<Trace> all = List.of(cheap, edge, dear, text, none);
        CaseSelection upTo1000 = CaseSelection.ALL.withRange("amount", new CaseSelection.Range(null, new java.math.BigDecimal("1000")));
        assertThat(all).filteredOn(upTo1000::test).containsExactly(cheap, edge);
        CaseSelection from1000 = CaseSelection.ALL.withRange("amount", new CaseSelection.Range(new java.math.BigDecimal("1e3"), null));
        assertThat(all).filteredOn(from1000::test).containsExactly(edge, dear);
        // with a text condition on the same key: both must hold
        assertThat(all).filteredOn(from1000.withAttribute("amount", Set.of("1000"))::test).containsExactly(edge);
        assertThat(upTo1000.withStart(JAN, FEB).describe())
                .isEqualTo("started in [2024-01-01T00:00:00Z, 2024-02-01T00:00:00Z) and amount in [-inf, 1000]");
        assertThat(from1000.describe()).isEqualTo("amount in [1000, +inf]");
        assertThatThrownBy(() -> upTo1000.withRange("amount", new CaseSelection.Range(java.math.BigDecimal.ONE, null)))
                .hasMessage("case selection: range of amount is given twice");
        assertThatThrownBy(() -> new CaseSelection.Range(java.math.BigDecimal.TEN, java.math.BigDecimal.ONE))
                .hasMessage("case selection: range [10, 1] is empty");
        assertThatThrownBy(() -> new CaseSelection.Range(null, null)).hasMessage("case selection: a range needs an end");
    }

    /**
     * A range of dates and times: a date end covers its whole day (UTC), a time end is itself included; values typed
     * as dates (XES date attributes), ISO texts with offset and local date-times (UTC) are read; others are outside.
     */
    @Test
    void timeRangeReadsDatesAndTimes_aDateEndCoversItsDay() {
        Trace before = Trace.of("t1", List.of(at("x", JAN, "admitted", Instant.parse("2023-12-31T23:59:59Z"))));
        Trace first = Trace.of("t2", List.of(at("x", JAN, "admitted", "2024-01-01")));
        Trace lastDay = Trace.of("t3", List.of(at("x", JAN, "admitted", "2024-06-30T23:59:59.999+00:00")));
        Trace local = Trace.of("t4", List.of(at("x", JAN, "admitted", "2024-03-01T08:00:00")));
        Trace after = Trace.of("t5", List.of(at("x", JAN, "admitted", Instant.parse("2024-07-01T00:00:00Z"))));
        Trace text = Trace.of("t6", List.of(at("x", JAN, "admitted", "last spring")));
        List<Trace> all = List.of(before, first, lastDay, local, after, text);
        CaseSelection.ValueRange half = CaseSelection.ValueRange.parse("2024-01-01..2024-06-30");
        assertThat(half).isInstanceOf(CaseSelection.TimeRange.class);
        assertThat(all).filteredOn(CaseSelection.ALL.withRange("admitted", half)::test).containsExactly(first, lastDay, local);
        // a time end is included, and no later instant
        CaseSelection upToEight = CaseSelection.ALL.withRange("admitted", CaseSelection.ValueRange.parse("..2024-03-01T08:00:00Z"));
        assertThat(all).filteredOn(upToEight::test).containsExactly(before, first, local);
        assertThat(upToEight.describe()).isEqualTo("admitted in [-inf, 2024-03-01T08:00:00Z]");
        assertThat(CaseSelection.ALL.withRange("admitted", half).describe()).isEqualTo("admitted in [2024-01-01, 2024-06-30]");
        // a number range does not read times, nor a time range numbers
        assertThat(all).filteredOn(CaseSelection.ALL.withRange("admitted", CaseSelection.ValueRange.parse("0.."))::test).isEmpty();
        assertThat(CaseSelection.ValueRange.parse("1..2")).isEqualTo(new CaseSelection.Range(java.math.BigDecimal.ONE, new java.math.BigDecimal("2")));
        assertThatThrownBy(() -> CaseSelection.ValueRange.parse("2024-02-01..2024-01-31"))
                .hasMessage("case selection: range [2024-02-01, 2024-01-31] is empty");
        assertThatThrownBy(() -> CaseSelection.ValueRange.parse("1..2024-01-31"))
                .hasMessage("range 1..2024-01-31 mixes a number and a date or time");
        assertThatThrownBy(() -> CaseSelection.ValueRange.parse("2024-13-01.."))
                .hasMessage("'2024-13-01' is not a number, date or time");
    }

    @Test
    void tallySaysWhichListedIdsMatchedNoCase() {
        CaseSelection s = CaseSelection.ALL.withRelease(Set.of("a", "b", "c")).withWithhold(Set.of("b", "typo"));
        CaseSelection.Tally tally = s.tally();
        List<Boolean> released = List.of(Trace.of("a", List.of()), Trace.of("b", List.of()), Trace.of("d", List.of()))
                .stream().map(tally::test).toList();
        assertThat(released).containsExactly(true, false, false);
        assertThat(tally.listsFound()).isEqualTo("release list: 2 of 3 ids found; withhold list: 1 of 2 ids found");
        assertThat(tally.withheldNotFound()).isEqualTo(1);
        assertThat(CaseSelection.ALL.tally().listsFound()).isEmpty();
    }

    @Test
    void idFilesHoldOneIdPerLine() throws Exception {
        Path ids = Files.writeString(tmp.resolve("ids.txt"), "# withheld on request\n 17 \n\n42\n17\n");
        assertThat(CaseSelection.readIds("--withhold-cases-file", ids)).containsExactly("17", "42");
        Path empty = Files.writeString(tmp.resolve("empty.txt"), "# nothing\n\n");
        assertThatThrownBy(() -> CaseSelection.readIds("--release-cases-file", empty))
                .hasMessage("--release-cases-file " + empty + ": no case ids in it");
        Path missing = tmp.resolve("nope.txt");
        assertThatThrownBy(() -> CaseSelection.readIds("--release-cases-file", missing))
                .hasMessage("--release-cases-file " + missing + ": no such file");
        assertThat(CaseSelection.ALL.withRelease(Set.of("1", "2")).withWithhold(Set.of("3")).describe())
                .isEqualTo("release list of 2 ids and withhold list of 1 id");
        assertThat(new CaseSelection(null, Set.of(), null, null, Map.of(), Map.of())).isEqualTo(CaseSelection.ALL);
    }
}
