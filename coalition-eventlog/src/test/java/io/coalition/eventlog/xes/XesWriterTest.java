package io.coalition.eventlog.xes;

import io.coalition.eventlog.Attribute;
import io.coalition.eventlog.AttributeType;
import io.coalition.eventlog.Attributes;
import io.coalition.eventlog.Classifier;
import io.coalition.eventlog.Event;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.EventLogException;
import io.coalition.eventlog.Extension;
import io.coalition.eventlog.LogHeader;
import io.coalition.eventlog.Trace;
import io.coalition.eventlog.io.ReadOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XesWriterTest {
    @TempDir
    Path tmp;

    /** A log using every attribute type, nesting, globals, a trace classifier and awkward text. */
    static EventLog everyFeature() {
        Attribute list = new Attribute("readings", AttributeType.LIST,
                List.of(Attribute.of("v", 1.5), Attribute.of("v", -0.0), Attribute.of("v", Double.NaN)),
                Attributes.of("unit", "mg"));
        Attribute container = new Attribute("address", AttributeType.CONTAINER,
                Attributes.of("street", "Rue \"A\" & <B>", "number", 12L), Attributes.EMPTY);
        Attribute withMeta = new Attribute("cost", AttributeType.FLOAT, 0.1 + 0.2, Attributes.of("currency", "EUR"));
        Event e1 = new Event(Attributes.builder().put("concept:name", "Register\tpatient\nnow")
                .put("time:timestamp", Instant.parse("2024-01-02T03:04:05.123456789Z"))
                .put("urgent", true).put("id", UUID.fromString("550e8400-e29b-41d4-a716-446655440000"))
                .put("count", Long.MIN_VALUE).put("big", Double.MAX_VALUE).put(list).put(container).put(withMeta)
                .put("inf", Double.NEGATIVE_INFINITY).build());
        Event e2 = Event.of("concept:name", "Ünïcödé ✓ 𝄞", "time:timestamp", Instant.parse("1900-01-01T00:00:00Z"));
        LogHeader header = new LogHeader("x", Set.of(), List.of(Extension.CONCEPT, Extension.TIME),
                Attributes.of("concept:name", "?"), Attributes.of("concept:name", "?", "urgent", false),
                List.of(Classifier.ACTIVITY, new Classifier("Case kind", Classifier.Scope.TRACE, List.of("kind", "with space"))),
                Attributes.of("concept:name", "all features"));
        return new EventLog(header, List.of(new Trace(Attributes.of("concept:name", "c1", "kind", "x"), List.of(e1, e2)),
                Trace.of("c2", List.of())), List.of(Event.of("concept:name", "loose")));
    }

    @Test
    void everyFeatureRoundTrips() {
        EventLog log = everyFeature();
        for (String name : new String[] {"all.xes", "all.xes.gz"}) {
            Path out = tmp.resolve(name);
            XesWriter.write(log, out);
            EventLog back = XesReader.read(out, ReadOptions.DEFAULT);
            assertThat(back).isEqualTo(log);
            assertThat(back.header().classifiers().get(1).keys()).containsExactly("kind", "with space");
        }
    }

    @Test
    void equalityNoticesADifferentNestedValue() {
        EventLog log = everyFeature();
        Path out = tmp.resolve("all.xes");
        XesWriter.write(log, out);
        EventLog back = XesReader.read(out, ReadOptions.DEFAULT);
        Trace t = back.traces().get(0);
        Event changed = new Event(t.events().get(0).attributes().toBuilder()
                .put(new Attribute("cost", AttributeType.FLOAT, 0.1 + 0.2, Attributes.of("currency", "USD"))).build());
        EventLog altered = new EventLog(back.header(), List.of(new Trace(t.attributes(), List.of(changed, t.events().get(1))),
                back.traces().get(1)), back.logEvents());
        assertThat(altered).isNotEqualTo(log);
    }

    @Test
    void declaresNestedAttributesOnlyWhenUsed() throws Exception {
        Path plain = tmp.resolve("plain.xes");
        XesWriter.write(EventLog.builder().trace("c", "a", "b").build(), plain);
        assertThat(Files.readString(plain)).contains("xes.features=\"\"");
        XesReader.read(plain, ReadOptions.DEFAULT.withStrict(true));
        Path nested = tmp.resolve("nested.xes");
        XesWriter.write(everyFeature(), nested);
        assertThat(Files.readString(nested)).contains("xes.features=\"nested-attributes\"");
    }

    @Test
    void aFailedWriteLeavesTheOldFileUntouched() throws Exception {
        Path out = Files.writeString(tmp.resolve("keep.xes"), "old content");
        EventLog bad = EventLog.builder().trace("c", "bell\u0007").build();
        assertThatThrownBy(() -> XesWriter.write(bad, out))
                .isExactlyInstanceOf(EventLogException.class)
                .hasMessage(out + ": the text \"bell\u0007\" contains the character U+0007, which XML 1.0 cannot carry");
        assertThat(Files.readString(out)).isEqualTo("old content");
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("keep.xes");
        }
    }
}
