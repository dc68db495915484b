package io.coalition.eventlog.csv;

import io.coalition.eventlog.Attribute;
import io.coalition.eventlog.AttributeType;
import io.coalition.eventlog.Attributes;
import io.coalition.eventlog.Classifier;
import io.coalition.eventlog.Event;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.EventLogException;
import io.coalition.eventlog.Extension;
import io.coalition.eventlog.TestData;
import io.coalition.eventlog.Trace;
import io.coalition.eventlog.io.ReadOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvReaderTest {

    private static EventLog read(String csv) {
        return CsvReader.read(new StringReader(csv), "t.csv", CsvMapping.inferred(), ReadOptions.DEFAULT);
    }

    private static EventLog read(String csv, CsvMapping mapping) {
        return CsvReader.read(new StringReader(csv), "t.csv", mapping, ReadOptions.DEFAULT);
    }

    private static String error(String csv) {
        return assertThrows(EventLogException.class, () -> read(csv)).getMessage();
    }

    @Test
    void receiptCsv() {
        // counted independently: python3 csv.DictReader -> 8577 rows, 1434 distinct case:concept:name
        AtomicLong lastDone = new AtomicLong();
        EventLog log = CsvReader.read(TestData.require("xes/receipt.csv"), CsvMapping.inferred(),
                ReadOptions.DEFAULT.withProgress((done, total) -> lastDone.set(done)));
        assertEquals(1434, log.traces().size());
        assertEquals(8577, log.eventCount());
        assertTrue(lastDone.get() > 0);
        Trace first = log.traces().get(0);
        assertEquals("case-10011", first.caseId());
        assertEquals(4, first.size());
        assertEquals("Internet", first.attributes().get("channel"));
        assertEquals(AttributeType.DATE, first.attributes().type("startdate"));
        assertEquals(Instant.parse("2011-10-11T11:42:22.688Z"), first.attributes().get("startdate"));
        assertFalse(first.attributes().containsKey("enddate"), "empty cells leave the attribute absent");
        Event e = first.events().get(0);
        assertEquals("Confirmation of receipt", e.activity());
        assertEquals(Instant.parse("2011-10-11T11:45:40.276Z"), e.timestamp());
        assertEquals("Resource21", e.resource());
        assertEquals("complete", e.lifecycle());
        assertEquals(List.of(Extension.CONCEPT, Extension.LIFECYCLE, Extension.ORGANIZATIONAL, Extension.TIME),
                log.header().extensions());
        assertEquals(List.of(Classifier.ACTIVITY), log.header().classifiers());
        for (Trace t : log.traces()) {
            for (int i = 1; i < t.size(); i++) {
                assertFalse(t.events().get(i).timestamp().isBefore(t.events().get(i - 1).timestamp()));
            }
        }
    }

    @Test
    void runningExampleSemicolons() {
        EventLog log = CsvReader.read(TestData.require("pm4py-reference/notebooks/data/running_example.csv"),
                CsvMapping.inferred(), ReadOptions.DEFAULT);
        assertEquals(6, log.traces().size());
        assertEquals(42, log.eventCount());
        List<String> ids = new ArrayList<>();
        for (Trace t : log.traces()) ids.add(t.caseId());
        assertEquals(List.of("3", "2", "1", "6", "5", "4"), ids);
        Event e = log.traces().get(0).events().get(0);
        assertEquals("register request", e.activity());
        assertEquals(AttributeType.INT, e.attributes().type("costs"));
        assertEquals(50L, e.attributes().get("costs"));
        assertEquals("Pete", e.resource());
        assertEquals(Instant.parse("2010-12-30T13:32:00Z"), e.timestamp());
    }

    /**
     * The "broken" running example is well-formed CSV: it is broken as a process (events left out, activities
     * renamed, e.g. "decide something"), for conformance checking. It has both 'Resource' and 'org:resource';
     * org:resource is the resource, 'Resource' stays an ordinary attribute.
     */
    @Test
    void runningExampleBroken() {
        EventLog log = CsvReader.read(TestData.require("pm4py-reference/notebooks/data/running_example_broken.csv"),
                CsvMapping.inferred(), ReadOptions.DEFAULT);
        assertEquals(6, log.traces().size());
        assertEquals(34, log.eventCount());
        assertEquals("3", log.traces().get(0).caseId());
        assertEquals(5, log.traces().get(0).size());
        Event decide = log.traces().get(3).events().get(2);
        assertEquals("decide something", decide.activity());
        assertEquals("Sara", decide.attributes().get("Resource"));
        assertEquals("Sara", decide.resource());
    }

    @Test
    void explicitMappingAndFormat() {
        String csv = "Id|Step|When|Who|amount|ok|note\n"
                + "c1|b|02/01/2020 10:00|ann|1.5|TRUE|x\n"
                + "c1|a|01/01/2020 10:00|bob|2|false|\n"
                + "c2|a|13/01/2020 10:00:30||3|true|y\n";
        EventLog log = read(csv, CsvMapping.inferred().withCaseColumn("Id").withActivityColumn("Step")
                .withTimestampColumn("When").withResourceColumn("Who").withTimestampFormat("dd/MM/yyyy HH:mm[:ss]")
                .withDelimiter('|').withZone(ZoneId.of("Europe/Amsterdam")));
        assertEquals(2, log.traces().size());
        Trace c1 = log.traces().get(0);
        assertEquals("a", c1.events().get(0).activity(), "sorted by time");
        assertEquals(Instant.parse("2020-01-01T09:00:00Z"), c1.events().get(0).timestamp());
        Attributes b = c1.events().get(1).attributes();
        assertEquals(1.5, b.get("amount"));
        assertEquals(Boolean.TRUE, b.get("ok"));
        assertEquals("x", b.get("note"));
        assertNull(c1.events().get(0).attributes().get("note"));
        assertNull(log.traces().get(1).events().get(0).resource());
        assertEquals(Instant.parse("2020-01-13T09:00:30Z"), log.traces().get(1).events().get(0).timestamp());
    }

    @Test
    void inferredFormats() {
        // a day above 12 in the first position: day-first
        EventLog dayFirst = read("case,activity,timestamp\n1,a,13/02/2020 08:00\n1,b,01/03/2020 08:00\n");
        assertEquals(Instant.parse("2020-02-13T08:00:00Z"), dayFirst.traces().get(0).events().get(0).timestamp());
        assertEquals(Instant.parse("2020-03-01T08:00:00Z"), dayFirst.traces().get(0).events().get(1).timestamp());
        // a day above 12 in the second position: month-first
        EventLog monthFirst = read("case,activity,timestamp\n1,a,02/13/2020 08:00\n1,b,03/01/2020 08:00\n");
        assertEquals(Instant.parse("2020-02-13T08:00:00Z"), monthFirst.traces().get(0).events().get(0).timestamp());
        assertEquals(Instant.parse("2020-03-01T08:00:00Z"), monthFirst.traces().get(0).events().get(1).timestamp());
        // ambiguous: day-first (documented in TimestampFormat)
        EventLog ambiguous = read("case,activity,timestamp\n1,a,02/03/2020 08:00\n");
        assertEquals(Instant.parse("2020-03-02T08:00:00Z"), ambiguous.traces().get(0).events().get(0).timestamp());
        EventLog iso = read("case;activity;timestamp;due\n1;a;2020-01-01T10:00:00.5+02:00;2020-01-02T00:00:00Z\n"
                + "1;b;2020-01-01T10:00;\n");
        Event a = iso.traces().get(0).events().get(0);
        assertEquals(Instant.parse("2020-01-01T08:00:00.5Z"), a.timestamp());
        assertEquals(AttributeType.DATE, a.attributes().type("due"));
        assertEquals(Instant.parse("2020-01-01T10:00:00Z"), iso.traces().get(0).events().get(1).timestamp());
        EventLog tabs = read("case\tactivity\tdate\n1\ta\t12-01-2020 10:00:00\n", CsvMapping.inferred()
                .withTimestampColumn("date"));
        assertEquals(Instant.parse("2020-01-12T10:00:00Z"), tabs.traces().get(0).events().get(0).timestamp());
    }

    @Test
    void columnTypes() {
        EventLog log = read("case,activity,i,f,b,s,case:prio\n"
                + "1,a,-3,1e3,true,x,7\n1,b,4,.5,FALSE,2,\n");
        Attributes a = log.traces().get(0).events().get(0).attributes();
        assertEquals(-3L, a.get("i"));
        assertEquals(1000.0, a.get("f"));
        assertEquals(Boolean.TRUE, a.get("b"));
        assertEquals("x", a.get("s"));
        assertEquals(Attributes.of("concept:name", "1", "prio", 7L), log.traces().get(0).attributes());
        assertEquals("2", log.traces().get(0).events().get(1).attributes().get("s"));
    }

    @Test
    void noCaseColumn() {
        assertEquals("t.csv at case id: no case id column among [a, b, c]; name it with --case", error("a,b,c\n1,2,3\n"));
    }

    @Test
    void mappedColumnMissing() {
        EventLogException e = assertThrows(EventLogException.class,
                () -> read("case,activity\n1,a\n", CsvMapping.inferred().withCaseColumn("id")));
        assertEquals("t.csv at case id: no column 'id' among [case, activity]", e.getMessage());
    }

    @Test
    void badTimestamp() {
        assertEquals("t.csv row 2, column 'time': '2020-13-01 10:00' is not a timestamp in the format "
                        + "yyyy-MM-dd HH:mm[:ss][.SSS][XXX]",
                error("case,activity,time\n1,a,2020-01-01 10:00\n1,b,2020-13-01 10:00\n"));
        EventLogException e = assertThrows(EventLogException.class, () -> read(
                "case,activity,time\n1,a,01.01.2020\n", CsvMapping.inferred().withTimestampFormat("yyyy-MM-dd")));
        assertEquals("t.csv row 1, column 'time': '01.01.2020' is not a timestamp in the format yyyy-MM-dd",
                e.getMessage());
    }

    @Test
    void wrongFieldCount() {
        assertEquals("t.csv row 2: expected 3 fields as in the header, found 2",
                error("case,activity,time\n1,a,2020-01-01 10:00\n1,b\n"));
    }

    @Test
    void emptyFile() {
        assertEquals("t.csv: empty file; expected a header line with column names", error(""));
        assertEquals("t.csv: empty file; expected a header line with column names", error("\n\n"));
    }

    @Test
    void missingCaseId() {
        assertEquals("t.csv row 2, column 'case_id': missing case id", error("case_id,activity\n1,a\n,b\n"));
    }

    @Test
    void noActivityColumn() {
        assertEquals("t.csv at activity: no activity column among [case, x]; name it with --activity",
                error("case,x\n1,a\n"));
    }

    @Test
    void roundTrip(@TempDir Path dir) {
        EventLog log = CsvReader.read(TestData.require("xes/receipt.csv"), CsvMapping.inferred(), ReadOptions.DEFAULT);
        Path out = dir.resolve("receipt-out.csv");
        CsvWriter.write(log, out);
        EventLog again = CsvReader.read(out, CsvMapping.inferred(), ReadOptions.DEFAULT);
        assertEquals(log, again);
        Path out2 = dir.resolve("receipt-out2.csv");
        CsvWriter.write(again, out2);
        assertEquals(again, CsvReader.read(out2, CsvMapping.inferred(), ReadOptions.DEFAULT));
    }

    @Test
    void writerLayoutAndQuoting() {
        EventLog log = read("case;activity;timestamp;costs;note;case:kind\n"
                + "c1;a;2020-01-01 10:00;5;\"x, \"\"y\"\"\";k\n");
        StringWriter w = new StringWriter();
        CsvWriter.write(log, w);
        assertEquals("case:concept:name,concept:name,time:timestamp,org:resource,costs,note,case:kind\n"
                + "c1,a,2020-01-01T10:00:00Z,,5,\"x, \"\"y\"\"\",k\n", w.toString());
        assertEquals(log, read(w.toString()));
    }

    @Test
    void writerSkipsListsAndContainers() {
        Attribute list = new Attribute("items", AttributeType.LIST, List.of(Attribute.of("x", 1L)), Attributes.EMPTY);
        Event e = new Event(Attributes.builder().put("concept:name", "a").put(list)
                .put("box", Attributes.of("y", "z")).put("n", 2L).build());
        EventLog log = EventLog.builder().trace(Trace.of("c1", List.of(e))).build();
        StringWriter w = new StringWriter();
        CsvWriter.write(log, w);
        assertEquals("case:concept:name,concept:name,time:timestamp,org:resource,n\nc1,a,,,2\n", w.toString());
    }
}
