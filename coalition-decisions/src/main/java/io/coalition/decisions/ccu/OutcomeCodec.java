package io.coalition.decisions.ccu;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coalition.decisions.spec.DecisionOutcome;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CCU response's payload, the JSON of {@link DecisionOutcome} ({@code {"function", "aggregates", "decisions":
 * [{"recordId", "output"}...], "summary"}}) written and read on Jackson's token stream: a response carries one
 * entry per record (a million for a million records), and data binding each entry cost more than deciding it.
 * The JSON is the one the object mapper writes and reads; values read back as it reads them (see {@link LightCopy}).
 */
final class OutcomeCodec {
    private OutcomeCodec() {
    }

    static byte[] write(ObjectMapper mapper, DecisionOutcome o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 48 * o.decisions().size());
        try (JsonGenerator g = mapper.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("function", o.function());
            g.writeFieldName("aggregates");
            g.writeStartObject();
            for (var e : o.aggregates().entrySet()) {
                g.writeFieldName(e.getKey());
                value(g, e.getValue());
            }
            g.writeEndObject();
            g.writeFieldName("decisions");
            g.writeStartArray();
            for (DecisionOutcome.RecordDecision d : o.decisions()) {
                g.writeStartObject();
                g.writeStringField("recordId", d.recordId());
                g.writeFieldName("output");
                value(g, d.output());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeFieldName("summary");
            g.writeStartObject();
            for (var e : o.summary().entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        return bytes.toByteArray();
    }

    /** The common decision outputs directly, anything else (lists, contexts, dates) as the mapper writes it. */
    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeObject(v);
        }
    }

    static DecisionOutcome read(ObjectMapper mapper, byte[] json) throws IOException {
        try (JsonParser p = mapper.createParser(json)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, "a decision outcome object");
            String function = null;
            Map<String, Object> aggregates = null;
            List<DecisionOutcome.RecordDecision> decisions = null;
            Map<String, Long> summary = null;
            String field;
            while ((field = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                switch (field) {
                    case "function" -> function = t == JsonToken.VALUE_NULL ? null : text(p, t, "function");
                    case "aggregates" -> {
                        expect(p, t, JsonToken.START_OBJECT, "aggregates as an object");
                        aggregates = LightCopy.object(p);
                    }
                    case "decisions" -> decisions = decisions(p, t);
                    case "summary" -> summary = summary(p, t);
                    default -> throw new JsonParseException(p, "unknown field '" + field + "'");
                }
            }
            if (function == null || aggregates == null || decisions == null || summary == null) {
                throw new JsonParseException(p, "function, aggregates, decisions and summary are required");
            }
            return new DecisionOutcome(function, aggregates, decisions, summary);
        }
    }

    private static List<DecisionOutcome.RecordDecision> decisions(JsonParser p, JsonToken t) throws IOException {
        expect(p, t, JsonToken.START_ARRAY, "decisions as an array");
        List<DecisionOutcome.RecordDecision> out = new ArrayList<>();
        JsonToken item;
        while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
            expect(p, item, JsonToken.START_OBJECT, "a decision object");
            String recordId = null;
            Object output = null;
            String field;
            while ((field = p.nextFieldName()) != null) {
                JsonToken v = p.nextToken();
                switch (field) {
                    case "recordId" -> recordId = text(p, v, "recordId");
                    case "output" -> output = LightCopy.value(p, v);
                    default -> throw new JsonParseException(p, "unknown field '" + field + "' in a decision");
                }
            }
            out.add(new DecisionOutcome.RecordDecision(recordId, output));
        }
        return out;
    }

    private static Map<String, Long> summary(JsonParser p, JsonToken t) throws IOException {
        expect(p, t, JsonToken.START_OBJECT, "summary as an object");
        Map<String, Long> out = new LinkedHashMap<>();
        String field;
        while ((field = p.nextFieldName()) != null) {
            expect(p, p.nextToken(), JsonToken.VALUE_NUMBER_INT, "a count");
            out.put(field, p.getLongValue());
        }
        return out;
    }

    private static String text(JsonParser p, JsonToken t, String what) throws IOException {
        expect(p, t, JsonToken.VALUE_STRING, what + " as a string");
        return p.getText();
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken expected, String what) throws IOException {
        if (actual != expected) {
            throw new JsonParseException(p, "expected " + what + ", got " + actual);
        }
    }
}
