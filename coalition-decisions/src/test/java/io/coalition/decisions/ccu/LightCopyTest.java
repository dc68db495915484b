package io.coalition.decisions.ccu;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The binary light copy reads back exactly as the JSON one did (values and their classes), and refuses bad input. */
class LightCopyTest {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** What the JSON form gives: the CCU's mapper writes the map, the JSON reader reads it back. */
    private static Map<String, Object> viaJson(Map<String, Object> fields) throws IOException {
        return LightCopy.parseJson(MAPPER.writeValueAsBytes(fields));
    }

    private static void assertSameValues(Object actual, Object expected, String where) {
        if (expected == null) {
            assertThat(actual).as(where).isNull();
            return;
        }
        assertThat(actual).as(where).hasSameClassAs(expected).isEqualTo(expected);
        if (expected instanceof Map<?, ?> e) {
            assertThat(List.copyOf(((Map<?, ?>) actual).keySet())).as(where + " keys").isEqualTo(List.copyOf(e.keySet()));
            e.forEach((k, v) -> assertSameValues(((Map<?, ?>) actual).get(k), v, where + "." + k));
        } else if (expected instanceof List<?> e) {
            for (int i = 0; i < e.size(); i++) {
                assertSameValues(((List<?>) actual).get(i), e.get(i), where + "[" + i + "]");
            }
        }
    }

    @Test
    void binaryCopyReadsBackAsTheJsonCopy_forEveryKindOfValue() throws IOException {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("int", 17);
        f.put("negative", -5);
        f.put("intMin", Integer.MIN_VALUE);
        f.put("short", (short) 3);
        f.put("smallLong", 42L); // JSON reads it back as an Integer
        f.put("long", 12345678901L);
        f.put("longMin", Long.MIN_VALUE);
        f.put("bigSmall", BigInteger.valueOf(7));
        f.put("huge", new BigInteger("-123456789012345678901234567890"));
        f.put("decimal", new BigDecimal("63.50"));
        f.put("wholeDecimal", new BigDecimal("381")); // no fraction: an integer after JSON
        f.put("exponent", new BigDecimal("1E+3"));
        f.put("hugeDecimal", new BigDecimal("-98765432109876543210.000001"));
        f.put("double", 0.1);
        f.put("bigDouble", 1.0E10);
        f.put("negativeZero", -0.0);
        f.put("float", 2.5f);
        f.put("text", "onc\u00f6logy \"A\" \ud83d\udc89");
        f.put("empty", "");
        f.put("true", true);
        f.put("false", false);
        f.put("none", null);
        f.put("list", new ArrayList<>(Arrays.asList(1, "x", List.of(new BigDecimal("2.5")), null)));
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("b", List.of());
        inner.put("c", null);
        f.put("nested", Map.of("a", inner));
        f.put("set", new java.util.TreeSet<>(List.of(3, 1, 2)));

        byte[] binary = LightCopy.write(f, Ccu::json);
        assertThat(binary[0] & 0xff).isEqualTo(LightCopy.MARKER);
        assertSameValues(LightCopy.parse(binary), viaJson(f), "fields");
    }

    @Test
    void randomRecords_readBackAsTheirJsonCopies_andTakeLessSpace() throws IOException {
        Random r = new Random(7);
        long binaryBytes = 0;
        long jsonBytes = 0;
        for (int i = 0; i < 500; i++) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("code", r.nextInt(6000) - 100);
            f.put("ward", List.of("cardiology", "oncology", "pediatrics").get(r.nextInt(3)));
            f.put("urgent", r.nextBoolean());
            f.put("Age", BigDecimal.valueOf(r.nextInt(10_000), r.nextInt(4)));
            f.put("Count", r.nextLong() >> r.nextInt(64));
            byte[] binary = LightCopy.write(f, Ccu::json);
            assertSameValues(LightCopy.parse(binary), viaJson(f), "record " + i);
            binaryBytes += binary.length;
            jsonBytes += Ccu.json(f).length;
        }
        assertThat(binaryBytes).isLessThan(jsonBytes);
    }

    @Test
    void valueWithoutABinaryTag_isWrittenAsJson_andReadBackAsBefore() throws IOException {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("code", 3);
        f.put("nan", Double.NaN);
        assertThat(new String(LightCopy.write(f, Ccu::json), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"code\":3,\"nan\":\"NaN\"}");
        f.remove("nan");
        f.put("when", LocalDate.of(2021, 1, 1));
        byte[] written = LightCopy.write(f, m -> "{\"code\":3,\"when\":\"2021-01-01\"}".getBytes());
        assertThat(written[0]).isEqualTo((byte) '{');
        assertThat(LightCopy.parse(written)).containsEntry("code", 3).containsEntry("when", "2021-01-01");
    }

    @Test
    void malformedBinaryCopies_areRefusedSayingWhere() {
        byte m = (byte) LightCopy.MARKER;
        // one field "a" (tag 7, a string of 5 bytes) cut after 2
        assertThatThrownBy(() -> LightCopy.parse(new byte[]{m, 1, 1, 'a', 7, 5, 'x', 'y'}))
                .isInstanceOf(IOException.class)
                .hasMessage("light copy: truncated at byte 6 (5 more bytes expected, 2 left)");
        assertThatThrownBy(() -> LightCopy.parse(new byte[]{m, 1, 1, 'a', 42}))
                .hasMessage("light copy: unknown value tag 42 at byte 4");
        assertThatThrownBy(() -> LightCopy.parse(new byte[]{m, 1, 1, 'a', 2, 0}))
                .hasMessage("light copy: 1 bytes after the record at byte 5");
        assertThatThrownBy(() -> LightCopy.parse(new byte[]{m, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f}))
                .hasMessage("light copy: bad varint at byte 1");
        assertThatThrownBy(() -> LightCopy.parse(new byte[]{m, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f}))
                .hasMessage("light copy: bad length at byte 1");
        assertThatThrownBy(() -> LightCopy.parse(new byte[]{m, 1, 1, 'a', 5, 0}))
                .hasMessage("light copy: empty big integer at byte 6");
        assertThatThrownBy(() -> LightCopy.parse(new byte[]{m, 100}))
                .hasMessage("light copy: truncated at byte 2 (100 more bytes expected, 0 left)");
    }
}
