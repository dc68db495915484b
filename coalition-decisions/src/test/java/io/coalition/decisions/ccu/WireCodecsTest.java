package io.coalition.decisions.ccu;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coalition.decisions.spec.DecisionOutcome;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

/** The streaming light-copy reader and outcome codec give exactly what the object mapper gave before them. */
class WireCodecsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void lightCopyReadsAsTheObjectMapperDoes() throws Exception {
        String json = "{\"code\":17,\"big\":12345678901,\"huge\":123456789012345678901234567890,\"age\":63.50,"
                + "\"exp\":1e3,\"ward\":\"onc\\u00f6logy \\\"A\\\"\",\"urgent\":true,\"consent\":false,\"none\":null,"
                + "\"tags\":[1,\"x\",[2.5],{\"k\":null}],\"nested\":{\"a\":{\"b\":[]}},\"code\":18}";
        Map<String, Object> streamed = LightCopy.parse(utf8(json));
        @SuppressWarnings("unchecked")
        Map<String, Object> bound = MAPPER.readValue(utf8(json), Map.class);
        assertThat(streamed).isEqualTo(bound);
        assertThat(List.copyOf(streamed.keySet())).isEqualTo(List.copyOf(bound.keySet()));
        for (String k : bound.keySet()) {
            Object b = bound.get(k);
            assertThat(streamed.get(k)).as(k).isEqualTo(b);
            if (b != null) {
                assertThat(streamed.get(k)).as(k).hasSameClassAs(b);
            }
        }
        assertThat(streamed.get("code")).isEqualTo(18); // a repeated key keeps its last value
        assertThat(streamed.get("age")).isEqualTo(new BigDecimal("63.50"));
    }

    @Test
    void lightCopyThatIsNotAnObjectIsRefusedSayingWhere() {
        assertThatThrownBy(() -> LightCopy.parse(utf8("[1,2]")))
                .isInstanceOf(JsonParseException.class)
                .extracting(e -> ((JsonParseException) e).getOriginalMessage()).isEqualTo("expected a JSON object");
        assertThatThrownBy(() -> LightCopy.parse(utf8("{\"a\":1} {")))
                .isInstanceOf(JsonParseException.class)
                .extracting(e -> ((JsonParseException) e).getOriginalMessage())
                .isEqualTo("trailing content after the object");
        assertThatThrownBy(() -> LightCopy.parse(utf8("{\"a\":[1,")))
                .isInstanceOf(JsonParseException.class)
                .extracting(e -> ((JsonParseException) e).getOriginalMessage())
                .isEqualTo("Unexpected end-of-input within/between Array entries");
    }

    private static DecisionOutcome sample() {
        Map<String, Object> aggregates = new LinkedHashMap<>();
        aggregates.put("meanAge", new BigDecimal("63.5"));
        aggregates.put("sumAge", new BigDecimal("381"));
        aggregates.put("none", null);
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("level", "High");
        context.put("score", new BigDecimal("0.75"));
        return new DecisionOutcome("Prioritize", aggregates, Arrays.asList(
                new DecisionOutcome.RecordDecision("p1", "High"),
                new DecisionOutcome.RecordDecision("p2", null),
                new DecisionOutcome.RecordDecision("p3", new BigDecimal("2.50")),
                new DecisionOutcome.RecordDecision("p4", Boolean.TRUE),
                new DecisionOutcome.RecordDecision("p5", List.of("a", new BigDecimal("1"))),
                new DecisionOutcome.RecordDecision("p6", context),
                new DecisionOutcome.RecordDecision("p\"7\u00e9", "Low")));
    }

    @Test
    void outcomeJsonIsWrittenAsTheObjectMapperWritesItAndReadBackAsItReads() throws Exception {
        DecisionOutcome o = sample();
        byte[] streamed = OutcomeCodec.json(MAPPER, o);
        assertThat(new String(streamed, StandardCharsets.UTF_8)).isEqualTo(MAPPER.writeValueAsString(o));
        DecisionOutcome read = OutcomeCodec.read(MAPPER, streamed);
        assertThat(read).isEqualTo(MAPPER.readValue(streamed, DecisionOutcome.class));
        assertThat(read.summary()).isEqualTo(o.summary());
        assertThat(read.decisions().get(2).output()).isEqualTo(new BigDecimal("2.50"));
        assertThat(read.decisions().get(4).output()).isEqualTo(List.of("a", 1)); // an integer reads back as Integer
        DecisionOutcome summaryOnly = OutcomeCodec.read(MAPPER, OutcomeCodec.json(MAPPER, o.summaryOnly()));
        assertThat(summaryOnly).isEqualTo(MAPPER.readValue(MAPPER.writeValueAsBytes(o.summaryOnly()), DecisionOutcome.class));
        assertThat(summaryOnly.decisions()).isEmpty();
    }

    @Test
    void binaryOutcomeReadsBackAsTheJsonOne_andIsSmaller() throws Exception {
        DecisionOutcome o = sample();
        byte[] binary = OutcomeCodec.write(MAPPER, o);
        assertThat(binary[0] & 0xff).isEqualTo(LightCopy.MARKER);
        DecisionOutcome viaJson = OutcomeCodec.read(MAPPER, OutcomeCodec.json(MAPPER, o));
        DecisionOutcome read = OutcomeCodec.read(MAPPER, binary);
        assertThat(read).isEqualTo(viaJson);
        for (int i = 0; i < read.decisions().size(); i++) {
            Object expected = viaJson.decisions().get(i).output();
            if (expected != null) {
                assertThat(read.decisions().get(i).output()).hasSameClassAs(expected);
            }
        }
        assertThat(read.aggregates().get("sumAge")).isEqualTo(381); // as JSON reads "381"
        assertThat(OutcomeCodec.read(MAPPER, OutcomeCodec.write(MAPPER, o.summaryOnly()))).isEqualTo(viaJson.summaryOnly());

        // a million-record answer: the id and an output index per record
        List<DecisionOutcome.RecordDecision> many = new java.util.ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            many.add(new DecisionOutcome.RecordDecision("case-" + i, "treatment-" + (i % 7)));
        }
        DecisionOutcome big = new DecisionOutcome("treatment", Map.of(), many);
        byte[] bigBinary = OutcomeCodec.write(MAPPER, big);
        assertThat(OutcomeCodec.read(MAPPER, bigBinary)).isEqualTo(big);
        assertThat(bigBinary.length).isLessThan(OutcomeCodec.json(MAPPER, big).length / 3);
    }

    @Test
    void outcomeWithAnOutputWithoutABinaryTag_isWrittenAsJson() throws Exception {
        DecisionOutcome o = new DecisionOutcome("f", Map.of(), List.of(
                new DecisionOutcome.RecordDecision("r1", java.util.UUID.fromString("0-0-0-0-2a"))));
        byte[] written = OutcomeCodec.write(MAPPER, o);
        assertThat(written[0]).isEqualTo((byte) '{');
        assertThat(OutcomeCodec.read(MAPPER, written).decisions().get(0).output())
                .isEqualTo("00000000-0000-0000-0000-00000000002a");
    }

    @Test
    void badBinaryOutcomesAreRefusedSayingWhere() {
        byte m = (byte) LightCopy.MARKER;
        // function "f", no aggregates, one distinct output "H", one decision: id "a" (0 bytes shared, 1 more), output 1
        assertThatThrownBy(() -> OutcomeCodec.read(MAPPER, new byte[]{m, 1, 'f', 0, 1, 7, 1, 'H', 1, 0, 1, 'a', 1}))
                .isInstanceOf(java.io.IOException.class)
                .hasMessage("decision outcome: output 1 of 1 at byte 12");
        assertThatThrownBy(() -> OutcomeCodec.read(MAPPER, new byte[]{m, 1, 'f', 0, 1, 7, 1, 'H', 1, 3, 1, 'a', 0}))
                .hasMessage("decision outcome: 3 bytes shared with a 0-byte record id at byte 9");
        assertThatThrownBy(() -> OutcomeCodec.read(MAPPER, new byte[]{m, 1, 'f', 0, 1, 7, 1, 'H', 1, 0, 1, 'a', 0, 1, 1, 'H', 7, 1, '2'}))
                .hasMessage("decision outcome: expected a count at byte 16");
        assertThatThrownBy(() -> OutcomeCodec.read(MAPPER, new byte[]{m, 1, 'f', 0, 1, 7, 1, 'H', 2, 0, 1, 'a', 0}))
                .hasMessage("decision outcome: truncated at byte 13 (1 more bytes expected, 0 left)");
        // front coding: the second id shares "case-1" with the first
        DecisionOutcome two = new DecisionOutcome("f", Map.of(), List.of(new DecisionOutcome.RecordDecision("case-19", "H"),
                new DecisionOutcome.RecordDecision("case-1\u00e9", "H"), new DecisionOutcome.RecordDecision("x", "H")));
        assertThat(assertDoesNotThrow(() -> OutcomeCodec.read(MAPPER, OutcomeCodec.write(MAPPER, two)))).isEqualTo(two);
    }

    @Test
    void badOutcomesAreRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> OutcomeCodec.read(MAPPER, utf8("{\"function\":\"f\",\"aggregates\":{},\"decisions\":[]}")))
                .isInstanceOf(JsonParseException.class)
                .extracting(e -> ((JsonParseException) e).getOriginalMessage())
                .isEqualTo("function, aggregates, decisions and summary are required");
        assertThatThrownBy(() -> OutcomeCodec.read(MAPPER, utf8("{\"function\":\"f\",\"extra\":1}")))
                .isInstanceOf(JsonParseException.class)
                .extracting(e -> ((JsonParseException) e).getOriginalMessage()).isEqualTo("unknown field 'extra'");
        assertThatThrownBy(() -> OutcomeCodec.read(MAPPER, utf8("{\"decisions\":[{\"recordId\":7}]}")))
                .isInstanceOf(JsonParseException.class)
                .extracting(e -> ((JsonParseException) e).getOriginalMessage())
                .isEqualTo("expected recordId as a string, got VALUE_NUMBER_INT");
        assertThatThrownBy(() -> OutcomeCodec.read(MAPPER, utf8("{\"summary\":{\"High\":\"2\"}}")))
                .isInstanceOf(JsonParseException.class)
                .extracting(e -> ((JsonParseException) e).getOriginalMessage())
                .isEqualTo("expected a count, got VALUE_STRING");
    }
}
