package io.coalition.mining.declare;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coalition.eventlog.EventLogException;
import io.coalition.eventlog.Location;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * CONFINE's Declare model format (pm4py's {@code discover_declare} output written as JSON):
 * {@code {"response": {"A<<AND>>B": {"support": 1050, "confidence": 1008}, ...}, "existence": {"A": {...}}}}.
 * Reading is strict (unknown templates, malformed keys, non-integer measures are errors with their location)
 * because CONFINE silently counts unknown entries as constraints it never checks, which would skew fitness.
 */
public final class DeclareJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DeclareJson() {
    }

    public static DeclareModel read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new EventLogException(Location.of(file.toString()), "cannot read Declare model: " + e.getMessage(), e);
        }
    }

    public static DeclareModel read(InputStream in, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            Location loc = l == null ? Location.of(source) : Location.at(source, l.getLineNr(), l.getColumnNr());
            throw new EventLogException(loc, "invalid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new EventLogException(Location.of(source), "cannot read Declare model: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject())
            throw new EventLogException(Location.of(source), "a Declare model must be a JSON object of templates");
        DeclareModel.Builder b = DeclareModel.builder();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> te = it.next();
            DeclareTemplate t = DeclareTemplate.ofKey(te.getKey()).orElseThrow(() -> new EventLogException(
                    Location.field(source, te.getKey()), "unknown Declare template '" + te.getKey()
                    + "' (CONFINE checks existence, responded_existence, absence, exactly_one, init, coexistence,"
                    + " noncoexistence, response, precedence, succession, altresponse, chainresponse,"
                    + " altprecedence, chainprecedence, altsuccession, chainsuccession)"));
            if (!te.getValue().isObject())
                throw new EventLogException(Location.field(source, t.key()), "template value must be an object");
            for (Iterator<Map.Entry<String, JsonNode>> ci = te.getValue().fields(); ci.hasNext(); ) {
                Map.Entry<String, JsonNode> ce = ci.next();
                String field = t.key() + "/" + ce.getKey();
                DeclareConstraint c = constraint(t, ce.getKey(), source, field);
                JsonNode v = ce.getValue();
                b.add(c, measure(v, "support", source, field), measure(v, "confidence", source, field));
            }
        }
        return b.build();
    }

    private static DeclareConstraint constraint(DeclareTemplate t, String key, String source, String field) {
        String[] parts = key.split(DeclareConstraint.AND, -1);
        if (t.isBinary()) {
            // CONFINE trims spaces around the two activities
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank())
                throw new EventLogException(Location.field(source, field),
                        t.key() + " needs a key 'A" + DeclareConstraint.AND + "B', got '" + key + "'");
            return DeclareConstraint.binary(t, parts[0].strip(), parts[1].strip());
        }
        if (parts.length != 1 || key.isEmpty())
            throw new EventLogException(Location.field(source, field), t.key() + " takes one activity, got '" + key + "'");
        return DeclareConstraint.unary(t, key);
    }

    private static int measure(JsonNode v, String name, String source, String field) {
        if (!v.isObject()) throw new EventLogException(Location.field(source, field),
                "constraint value must be an object with support and confidence");
        JsonNode n = v.get(name);
        if (n == null) return 0;
        if (!n.isIntegralNumber() || !n.canConvertToInt())
            throw new EventLogException(Location.field(source, field + "/" + name), name + " must be an integer, got " + n);
        return n.intValue();
    }

    /** Writes {@code model} with 4-space indentation, templates and constraints in canonical order. */
    public static void write(DeclareModel model, OutputStream out) {
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter("    ", "\n"));
            g.setPrettyPrinter(pp);
            g.writeStartObject();
            for (DeclareTemplate t : DeclareTemplate.values()) {
                var cs = model.constraints(t);
                if (cs.isEmpty()) continue;
                g.writeObjectFieldStart(t.key());
                for (DeclareConstraint c : cs) {
                    DeclareModel.Measures m = model.measures(c);
                    g.writeObjectFieldStart(c.key());
                    g.writeNumberField("support", m.support());
                    g.writeNumberField("confidence", m.confidence());
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String toString(DeclareModel model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(model, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    public static void write(DeclareModel model, Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(model, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
