package io.coalition.eventlog.ocel;

import io.coalition.eventlog.AttributeType;
import io.coalition.eventlog.Attributes;
import io.coalition.eventlog.Event;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.EventLogException;
import io.coalition.eventlog.TestData;
import io.coalition.eventlog.Trace;
import io.coalition.eventlog.io.ReadOptions;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OcelReaderTest {

    @TempDir
    Path dir;

    private OcelLog read(String text) {
        Path file = dir.resolve("t.ocel");
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return OcelReader.read(file, ReadOptions.DEFAULT);
    }

    /** The message, with the temporary directory left out of the file name. */
    private String error(String text) {
        String m = assertThrows(EventLogException.class, () -> read(text)).getMessage();
        return m.replace(dir.resolve("t.ocel").toString(), "t.ocel");
    }

    private static OcelLog example20Json() {
        return OcelReader.read(TestData.require("ocel/ocel20_example.jsonocel"), ReadOptions.DEFAULT);
    }

    @Test
    void ocel20Json() {
        // counted independently with python3 json: 8 event types, 4 object types, 13 events, 9 objects,
        // 20 event-to-object and 7 object-to-object relationships
        OcelLog log = example20Json();
        assertEquals(8, log.eventTypes().size());
        assertEquals(List.of("Invoice", "Payment", "Purchase Order", "Purchase Requisition"), log.objectTypeNames());
        assertEquals(13, log.events().size());
        assertEquals(9, log.objects().size());
        assertEquals(20, log.events().stream().mapToInt(e -> e.relationships().size()).sum());
        assertEquals(7, log.objects().stream().mapToInt(o -> o.relationships().size()).sum());
        OcelEvent e1 = log.events().get(0);
        assertEquals("e1", e1.id());
        assertEquals("Create Purchase Requisition", e1.type());
        assertEquals(Instant.parse("2022-01-09T14:00:00Z"), e1.time());
        assertEquals(Attributes.of("pr_creator", "Mike"), e1.attributes());
        assertEquals(List.of(new OcelRelationship("PR1", "Regular placement of PR")), e1.relationships());
        OcelObject r3 = log.objects().get(2);
        assertEquals("R3", r3.id());
        assertEquals(List.of(
                new OcelObjectValue("is_blocked", Instant.EPOCH, AttributeType.STRING, "No"),
                new OcelObjectValue("is_blocked", Instant.parse("2022-02-03T06:30:00Z"), AttributeType.STRING, "Yes"),
                new OcelObjectValue("is_blocked", Instant.parse("2022-02-03T22:30:00Z"), AttributeType.STRING, "No")),
                r3.values());
        assertEquals(Attributes.of("is_blocked", "No"), r3.initialAttributes());
        assertEquals(new OcelAttributeDeclaration("is_blocked", AttributeType.STRING),
                log.objectType("Invoice").attribute("is_blocked"));
    }

    /**
     * The XML export of the same log writes zone-less local times of a UTC+1 machine: read in +01:00 it is
     * equal to the JSON export; read in UTC its times are an hour late.
     */
    @Test
    void ocel20XmlEqualsJson() {
        OcelLog json = example20Json();
        OcelLog xml = OcelReader.read(TestData.require("ocel/ocel20_example.xmlocel"), ReadOptions.DEFAULT,
                ZoneOffset.ofHours(1));
        assertEquals(json.eventTypes(), xml.eventTypes());
        assertEquals(json.objectTypes(), xml.objectTypes());
        assertEquals(json.objects(), xml.objects());
        assertEquals(json.events(), xml.events());
        assertEquals(json, xml);
        OcelLog utc = OcelReader.read(TestData.require("ocel/ocel20_example.xmlocel"), ReadOptions.DEFAULT);
        assertNotEquals(json, utc);
        assertEquals(Instant.parse("2022-01-09T15:00:00Z"), utc.events().get(0).time());
    }

    @Test
    void flattenOcel20() {
        // python3 by hand: Invoice 3 traces / 9 events (R1 2, R2 2, R3 5), Purchase Order 2 / 5,
        // Payment 3 / 3, Purchase Requisition 1 / 3
        OcelLog log = example20Json();
        EventLog invoices = OcelFlattener.flatten(log, "Invoice");
        assertEquals(3, invoices.traces().size());
        assertEquals(9, invoices.eventCount());
        assertEquals(List.of(2, 2, 5), invoices.traces().stream().map(Trace::size).toList());
        Trace r3 = invoices.traces().get(2);
        assertEquals(Attributes.of("concept:name", "R3", "is_blocked", "No"), r3.attributes());
        for (int i = 1; i < r3.size(); i++) {
            assertEquals(false, r3.events().get(i).timestamp().isBefore(r3.events().get(i - 1).timestamp()));
        }
        EventLog po = OcelFlattener.flatten(log, "Purchase Order");
        assertEquals(2, po.traces().size());
        assertEquals(5, po.eventCount());
        assertEquals(3, OcelFlattener.flatten(log, "Payment").eventCount());
        EventLog pr = OcelFlattener.flatten(log, "Purchase Requisition");
        assertEquals(1, pr.traces().size());
        assertEquals(3, pr.eventCount());
        Event first = pr.traces().get(0).events().get(0);
        assertEquals(Attributes.of("concept:name", "Create Purchase Requisition",
                "time:timestamp", Instant.parse("2022-01-09T14:00:00Z"), "ocel:eid", "e1", "pr_creator", "Mike"),
                first.attributes());
    }

    @Test
    void flattenUnknownType() {
        var log = example20Json(); // outside the lambda: without the data the test is skipped, not failed
        EventLogException e = assertThrows(EventLogException.class, () -> OcelFlattener.flatten(log, "Truck"));
        assertEquals("OCEL log at object type: unknown object type 'Truck'; available: "
                + "[Invoice, Payment, Purchase Order, Purchase Requisition]", e.getMessage());
    }

    @Test
    void ocel10Json() {
        // python3: 23 events, 15 objects (element 9, order 3, delivery 3), 15 activities
        OcelLog log = OcelReader.read(TestData.require("ocel/example_log.jsonocel"), ReadOptions.DEFAULT);
        assertEquals(23, log.events().size());
        assertEquals(15, log.objects().size());
        assertEquals(15, log.eventTypes().size());
        assertEquals(List.of("delivery", "element", "order"), log.objectTypeNames());
        OcelEvent e1 = log.events().get(0);
        assertEquals(Attributes.of("prova", "ciao", "prova2", 456L), e1.attributes());
        assertEquals(new OcelRelationship("i4", ""), e1.relationships().get(0));
        assertEquals(Instant.parse("1980-01-01T00:00:00Z"), e1.time());
        assertEquals(List.of(new OcelObjectValue("oattr1", Instant.EPOCH, AttributeType.STRING, "uno"),
                new OcelObjectValue("oattr2", Instant.EPOCH, AttributeType.FLOAT, 1.0)), log.objects().get(0).values());
        EventLog orders = OcelFlattener.flatten(log, "order");
        assertEquals(3, orders.traces().size());
        assertEquals(12, orders.eventCount());
    }

    @Test
    void ocel10Xml() {
        // grep -c: 23 <event>, 15 <object>; this export carries no vmap/ovmap values
        OcelLog log = OcelReader.read(TestData.require("ocel/example_log.xmlocel"), ReadOptions.DEFAULT);
        assertEquals(23, log.events().size());
        assertEquals(15, log.objects().size());
        assertEquals(List.of("order", "element", "delivery"), log.objectTypeNames());
        OcelLog json = OcelReader.read(TestData.require("ocel/example_log.jsonocel"), ReadOptions.DEFAULT);
        for (int i = 0; i < json.events().size(); i++) {
            OcelEvent j = json.events().get(i);
            OcelEvent x = log.events().get(i);
            assertEquals(j.id(), x.id());
            assertEquals(j.type(), x.type());
            assertEquals(j.time(), x.time());
            assertEquals(j.relationships(), x.relationships());
        }
        assertEquals(12, OcelFlattener.flatten(log, "order").eventCount());
    }

    @Test
    void recruitingRed() {
        // python3: 6607 events, 1051 objects (916 applications, 135 offers), 12 activities; six object types
        // declared; flattened on applications: 916 traces, 6607 events; on offers: 135 traces, 270 events
        OcelLog log = OcelReader.read(TestData.require("ocel/recruiting-red.jsonocel"), ReadOptions.DEFAULT);
        assertEquals(6607, log.events().size());
        assertEquals(1051, log.objects().size());
        assertEquals(12, log.eventTypes().size());
        assertEquals(List.of("applicants", "applications", "managers", "offers", "recruiters", "vacancies"),
                log.objectTypeNames());
        EventLog applications = OcelFlattener.flatten(log, "applications");
        assertEquals(916, applications.traces().size());
        assertEquals(6607, applications.eventCount());
        EventLog offers = OcelFlattener.flatten(log, "offers");
        assertEquals(135, offers.traces().size());
        assertEquals(270, offers.eventCount());
        assertEquals(0, OcelFlattener.flatten(log, "managers").traces().size());
    }

    private static final String TYPES = "{\"objectTypes\":[{\"name\":\"Order\",\"attributes\":"
            + "[{\"name\":\"qty\",\"type\":\"integer\"}]}],\n"
            + "\"eventTypes\":[{\"name\":\"Create\",\"attributes\":[]}],\n";

    @Test
    void unknownObjectReferenced() {
        assertEquals("t.ocel:4:85: unknown object 'o2' referenced by event 'e1'; expected the id of an object in the log",
                error(TYPES + "\"objects\":[{\"id\":\"o1\",\"type\":\"Order\"}],\n"
                        + "\"events\":[{\"id\":\"e1\",\"type\":\"Create\",\"time\":\"2020-01-01T00:00:00Z\",\"relationships\":"
                        + "[{\"objectId\":\"o2\",\"qualifier\":\"q\"}]}]}"));
    }

    @Test
    void valueOfWrongType() {
        assertEquals("t.ocel:3:104: expected a value of type int for attribute 'qty' as declared for object type "
                        + "'Order', found 'many'",
                error(TYPES + "\"objects\":[{\"id\":\"o1\",\"type\":\"Order\",\"attributes\":[{\"name\":\"qty\","
                        + "\"time\":\"2020-01-01T00:00:00Z\",\"value\":\"many\"}]}], \"events\":[]}"));
    }

    @Test
    void unknownEventType() {
        assertEquals("t.ocel:4:11: unknown event type 'Ship'; declared event types: [Create]",
                error(TYPES + "\"objects\":[],\n"
                        + "\"events\":[{\"id\":\"e1\",\"type\":\"Ship\",\"time\":\"2020-01-01T00:00:00Z\"}]}"));
    }

    @Test
    void badTime() {
        assertEquals("t.ocel:4:45: expected an ISO-8601 time for event 'e1', found 'yesterday'",
                error(TYPES + "\"objects\":[],\n"
                        + "\"events\":[{\"id\":\"e1\",\"type\":\"Create\",\"time\":\"yesterday\"}]}"));
    }

    @Test
    void malformedJson() {
        assertEquals("t.ocel:1:18: malformed JSON: Unexpected close marker ']': expected '}' "
                        + "(for Object starting at [line: 1, column: 1])",
                error("{\"objectTypes\":[]]}"));
    }

    @Test
    void notOcel() {
        assertEquals("t.ocel: expected an OCEL log in JSON (starting with '{') or XML (starting with '<'), found 'h'", error("hello"));
        assertEquals("t.ocel: empty file; expected an OCEL log in JSON or XML", error("  "));
        assertEquals("t.ocel:1:1: expected an OCEL 2.0 log with objectTypes, eventTypes, objects and events "
                + "(or an OCEL 1.0 log with ocel:events), missing 'objectTypes'", error("{\"a\":1}"));
    }

    private static final String XML_TYPES = "<log>\n<object-types><object-type name=\"Order\"><attributes>"
            + "<attribute name=\"qty\" type=\"integer\"/></attributes></object-type></object-types>\n"
            + "<event-types><event-type name=\"Create\"><attributes/></event-type></event-types>\n";

    @Test
    void xmlErrors() {
        assertEquals("t.ocel:4:51: expected a value of type int for attribute 'qty' as declared for object type "
                        + "'Order', found 'x'",
                error(XML_TYPES + "<objects><object id=\"o1\" type=\"Order\"><attributes>"
                        + "<attribute name=\"qty\" time=\"2020-01-01T00:00:00Z\">x</attribute></attributes></object></objects>"
                        + "</log>"));
        assertEquals("t.ocel:5:1: unknown event type 'Ship'; declared event types: [Create]",
                error(XML_TYPES + "<objects/><events>\n<event id=\"e1\" type=\"Ship\" time=\"2020-01-01T00:00:00\"/>"
                        + "</events></log>"));
        assertEquals("t.ocel:5:66: unknown object 'o9' referenced by event 'e1'; expected the id of an object in the log",
                error(XML_TYPES + "<objects/><events>\n<event id=\"e1\" type=\"Create\" time=\"2020-01-01T00:00:00\">"
                        + "<objects><relationship object-id=\"o9\" qualifier=\"\"/></objects></event></events></log>"));
        assertEquals("t.ocel:2:6: malformed XML: Unexpected close tag </x>; expected </a>.",
                error("<log>\n<a></x>"));
        assertEquals("t.ocel:1:1: expected <log> as the root element, found <xes>",
                error("<xes/>"));
    }

    @Test
    void noDtdOrExternalEntities() {
        String m = error("<!DOCTYPE log [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><log><events>&x;</events></log>");
        assertEquals(true, m.startsWith("t.ocel:1:"), m);
    }
}
