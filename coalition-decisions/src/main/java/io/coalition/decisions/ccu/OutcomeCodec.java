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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CCU response's payload: a {@link DecisionOutcome}, which carries one entry per record (a million for a million
 * records), so its size is what the response's HPKE sealing and the decider's opening cost.
 *
 * <p>Binary form (written when every value has a {@link LightCopy} tag): the marker {@code 0xC1}, the function
 * (string), the aggregates (map), the distinct outputs (count, values), the decisions (count, then per record its
 * id and the index of its output among the distinct ones), the summary (count, then output text and count as an
 * integer value). Encodings as in {@link LightCopy}; a record id is front-coded: how many leading UTF-8 bytes it
 * shares with the previous id, then the rest (length, bytes). A decision table has few distinct outputs and ids
 * in submission order share their prefix, so a record costs a few bytes.
 *
 * <p>JSON form (any other output, e.g. a FEEL date; and responses from before the binary form):
 * {@code {"function", "aggregates", "decisions": [{"recordId", "output"}...], "summary"}}, on Jackson's token stream.
 * Both forms read back to the same values, as the object mapper reads the JSON (see {@link LightCopy}).
 */
final class OutcomeCodec {
    private OutcomeCodec() {
    }

    static byte[] write(ObjectMapper mapper, DecisionOutcome o) throws IOException {
        byte[] binary = binary(o);
        return binary != null ? binary : json(mapper, o);
    }

    /** The binary form, or null if a value has no tag. */
    private static byte[] binary(DecisionOutcome o) {
        Map<Object, Integer> distinct = new java.util.HashMap<>();
        List<Object> outputs = new ArrayList<>();
        int[] which = new int[o.decisions().size()]; // each record's output index, looked up once
        Object last = null;
        int lastIndex = -1;
        for (int i = 0; i < which.length; i++) {
            Object output = o.decisions().get(i).output();
            if (output != last || lastIndex < 0) { // a table's outputs are often the same object in a row
                Integer known = distinct.putIfAbsent(output, outputs.size());
                if (known == null) {
                    known = outputs.size();
                    outputs.add(output);
                }
                last = output;
                lastIndex = known;
            }
            which[i] = lastIndex;
        }
        LightCopy.Out out = new LightCopy.Out(64 + 16 * o.decisions().size());
        out.write(LightCopy.MARKER);
        out.string(o.function());
        if (!LightCopy.map(out, o.aggregates())) {
            return null;
        }
        out.varint(outputs.size());
        for (Object v : outputs) {
            if (!LightCopy.value(out, v)) {
                return null;
            }
        }
        out.varint(o.decisions().size());
        byte[] previous = new byte[0];
        for (int i = 0; i < which.length; i++) {
            byte[] id = o.decisions().get(i).recordId().getBytes(StandardCharsets.UTF_8);
            int shared = 0;
            int max = Math.min(id.length, previous.length);
            while (shared < max && id[shared] == previous[shared]) {
                shared++;
            }
            out.varint(shared);
            out.varint(id.length - shared);
            out.write(id, shared, id.length - shared);
            out.varint(which[i]);
            previous = id;
        }
        out.varint(o.summary().size());
        for (var e : o.summary().entrySet()) {
            out.string(e.getKey());
            LightCopy.integer(out, e.getValue());
        }
        return out.toByteArray();
    }

    private static DecisionOutcome readBinary(byte[] in) throws IOException {
        LightCopy.Reader r = new LightCopy.Reader(in, "decision outcome");
        String function = r.string();
        Map<String, Object> aggregates = r.map();
        int k = r.count();
        Object[] outputs = new Object[k];
        for (int i = 0; i < k; i++) {
            outputs[i] = r.value();
        }
        int n = r.count();
        List<DecisionOutcome.RecordDecision> decisions = new ArrayList<>(n);
        byte[] id = new byte[64]; // the previous id's bytes, then this one's: the shared prefix stays in place
        int idLength = 0;
        for (int i = 0; i < n; i++) {
            int at = r.at();
            int shared = r.varint();
            if (shared > idLength) {
                throw new IOException("decision outcome: " + shared + " bytes shared with a " + idLength
                        + "-byte record id at byte " + at);
            }
            id = r.bytesInto(id, shared);
            idLength = shared + r.lastLength;
            String recordId = new String(id, 0, idLength, StandardCharsets.UTF_8);
            at = r.at();
            int output = r.varint();
            if (output >= k) {
                throw new IOException("decision outcome: output " + output + " of " + k + " at byte " + at);
            }
            decisions.add(new DecisionOutcome.RecordDecision(recordId, outputs[output]));
        }
        int m = r.count();
        Map<String, Long> summary = new LinkedHashMap<>();
        for (int i = 0; i < m; i++) {
            String output = r.string();
            int at = r.at();
            if (!(r.value() instanceof Number c) || c instanceof BigDecimal || c instanceof java.math.BigInteger) {
                throw new IOException("decision outcome: expected a count at byte " + at);
            }
            summary.put(output, c.longValue());
        }
        r.end();
        return new DecisionOutcome(function, aggregates, decisions, summary);
    }

    /** The JSON form (what the object mapper writes). */
    static byte[] json(ObjectMapper mapper, DecisionOutcome o) throws IOException {
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

    /** Reads either form; {@link IOException} says what is wrong and where. */
    static DecisionOutcome read(ObjectMapper mapper, byte[] payload) throws IOException {
        if (payload.length > 0 && (payload[0] & 0xff) == LightCopy.MARKER) {
            return readBinary(payload);
        }
        try (JsonParser p = mapper.createParser(payload)) {
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
