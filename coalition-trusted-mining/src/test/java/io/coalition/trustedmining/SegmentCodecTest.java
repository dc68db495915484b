package io.coalition.trustedmining;

import io.coalition.eventlog.Event;
import io.coalition.eventlog.Trace;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dictionary-encoded segment format (CTS2) and the merge's copy-free path. */
class SegmentCodecTest {
    private static final Instant T0 = Instant.parse("2024-03-01T08:00:00.123456789Z");

    private static Event rich(int i) {
        return Event.of("concept:name", i % 2 == 0 ? "register" : "check", "time:timestamp", T0.plusSeconds(60L * i - 600),
                "cost", (long) (i - 3), "weight", 1.5 * i, "urgent", i % 3 == 0, "id", new UUID(i, -i), "note", "n" + i);
    }

    private static byte[] segment(List<List<Event>> cases) {
        SegmentCodec.Writer w = new SegmentCodec.Writer(true);
        SegmentCodec.Writer counter = new SegmentCodec.Writer(false);
        for (int c = 0; c < cases.size(); c++) {
            w.startChunk("case-" + c, cases.get(c).size());
            counter.startChunk("case-" + c, cases.get(c).size());
            for (Event e : cases.get(c)) {
                w.event(e);
                counter.event(e);
            }
        }
        byte[] bytes = w.finish();
        assertThat(counter.size()).isEqualTo(bytes.length); // the planner's count is the encoded size
        return bytes;
    }

    @Test
    void everyPlainTypeRoundTripsAndRepeatsCostADictionaryCode() {
        List<Event> a = new ArrayList<>();
        for (int i = 0; i < 20; i++) a.add(rich(i));
        List<Event> b = List.of(rich(20), Event.of("concept:name", "ünïcödé", "time:timestamp", Instant.ofEpochSecond(-5, 7)));
        byte[] bytes = segment(List.of(a, b));
        List<SegmentCodec.Chunk> back = SegmentCodec.decodeSegment(bytes, "test");
        assertThat(back).extracting(SegmentCodec.Chunk::caseId).containsExactly("case-0", "case-1");
        assertThat(back).extracting(SegmentCodec.Chunk::caseEvents).containsExactly(20, 2); // each chunk's index entry
        assertThat(back.get(0).events()).isEqualTo(a);
        assertThat(back.get(1).events()).isEqualTo(b);
        // keys and activity names are written once per segment; what remains per event is mostly its unique note,
        // id (16 bytes) and double (8 bytes): 1,218 bytes for 22 events of 7 attributes (8 of them the two cases' sizes)
        assertThat(bytes.length).isEqualTo(1218);
    }

    @Test
    void malformedSegmentsAreRefusedWithTheirReason() {
        byte[] bytes = segment(List.of(List.of(rich(1), rich(2))));
        assertThatThrownBy(() -> SegmentCodec.decodeSegment(Arrays.copyOf(bytes, bytes.length - 1), "provider lab segment 3"))
                .hasMessage("provider lab segment 3: truncated segment (string value at byte " + (bytes.length - 2) + " of "
                        + (bytes.length - 1) + ")");
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 2);
        assertThatThrownBy(() -> SegmentCodec.decodeSegment(longer, "provider lab segment 3"))
                .hasMessage("provider lab segment 3: 2 unexpected trailing bytes");
        // first attribute key of the first event: code 0 (new entry); make it point at entry 5 of an empty dictionary
        byte[] badRef = bytes.clone();
        int at = 4 + 4 + 1 + "case-0".length() + 4 + 4 + 1;
        assertThat(badRef[at]).isEqualTo((byte) 0);
        badRef[at] = 6;
        assertThatThrownBy(() -> SegmentCodec.decodeSegment(badRef, "provider lab segment 3"))
                .hasMessage("provider lab segment 3: attribute key refers to dictionary entry 6, the segment has 0 so far");
        byte[] badType = bytes.clone();
        int typeAt = at + 1 + 1 + "concept:name".length();
        badType[typeAt] = 99;
        assertThatThrownBy(() -> SegmentCodec.decodeSegment(badType, "provider lab segment 3"))
                .hasMessage("provider lab segment 3: attribute 'concept:name' has unsupported type code 99");
        byte[] oldFormat = bytes.clone();
        oldFormat[3] = '2';
        assertThatThrownBy(() -> SegmentCodec.decodeSegment(oldFormat, "provider lab segment 3"))
                .hasMessage("provider lab segment 3: starts with 0x43545332, expected 0x43545333");
    }

    @Test
    void canonicalOrderIsUtf8ByteOrderAndTheIndexSummaryRoundTrips() {
        // U+FF5E sorts before U+1F600 in UTF-8 (and code points); String.compareTo puts the surrogate pair first
        assertThat(SegmentCodec.compareKeys("\uFF5E", "\uD83D\uDE00")).isNegative();
        assertThat("\uFF5E".compareTo("\uD83D\uDE00")).isPositive();
        assertThat(SegmentCodec.compareKeys("case-1", "case-10")).isNegative();
        assertThat(SegmentCodec.compareKeys("case-2", "case-10")).isPositive();
        assertThat(SegmentCodec.compareKeys("a", "a")).isZero();
        byte[] digest = new byte[32];
        digest[31] = 7;
        byte[] index = SegmentCodec.encodeIndex(new SegmentCodec.IndexSummary(3, 17, digest));
        assertThat(index).hasSize(4 + 4 + 8 + 32);
        SegmentCodec.IndexSummary back = SegmentCodec.decodeIndex(index, "provider lab case index");
        assertThat(back.cases()).isEqualTo(3);
        assertThat(back.events()).isEqualTo(17);
        assertThat(back.digest()).isEqualTo(digest);
        assertThatThrownBy(() -> SegmentCodec.decodeIndex(Arrays.copyOf(index, 47), "provider lab case index"))
                .hasMessage("provider lab case index: truncated segment (index digest at byte 16 of 47)");
        byte[] old = index.clone();
        old[3] = '1';
        assertThatThrownBy(() -> SegmentCodec.decodeIndex(old, "provider lab case index"))
                .hasMessage("provider lab case index: starts with 0x43544931, expected 0x43544932");
    }

    @Test
    void mergeWithoutSkewKeepsTheEventsAndEqualsTheSortedMerge() {
        List<Event> p1 = List.of(rich(0), rich(3), rich(4));
        List<Event> p2 = List.of(rich(1), rich(2), rich(5));
        Trace merged = CaseMerger.merge("c", List.of(p1, p2), List.of(Duration.ZERO, Duration.ZERO));
        assertThat(merged.events()).containsExactly(rich(0), rich(1), rich(2), rich(3), rich(4), rich(5));
        assertThat(merged.events().get(0)).isSameAs(p1.get(0)); // no copy per event
        // a tiny skew takes the general path and gives the same order for untied events
        Trace skewed = CaseMerger.merge("c", List.of(p1, p2), List.of(Duration.ZERO, Duration.ofNanos(1)));
        assertThat(skewed.events()).extracting(Event::activity).containsExactlyElementsOf(
                merged.events().stream().map(Event::activity).toList());
    }
}
