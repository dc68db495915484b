package io.coalition.decisions.ccu;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a decrypted record copy (a JSON object) straight from Jackson's token stream into the field map the
 * decision layer takes, without data binding: the CCU does this once per record per decision. The values are
 * those {@code Ccu}'s object mapper would give (integers as Integer/Long/BigInteger, other numbers as BigDecimal,
 * objects as LinkedHashMap, arrays as ArrayList; a repeated key keeps its last value).
 */
final class LightCopy {
    private static final JsonFactory JSON = new JsonFactory();

    private LightCopy() {
    }

    /** The fields of {@code json}; {@link IOException} (Jackson's message, with its location) if it is not an object. */
    static Map<String, Object> parse(byte[] json) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new com.fasterxml.jackson.core.JsonParseException(p, "expected a JSON object");
            }
            Map<String, Object> fields = object(p);
            if (p.nextToken() != null) {
                throw new com.fasterxml.jackson.core.JsonParseException(p, "trailing content after the object");
            }
            return fields;
        }
    }

    static Map<String, Object> object(JsonParser p) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        String name;
        while ((name = p.nextFieldName()) != null) {
            fields.put(name, value(p, p.nextToken()));
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new com.fasterxml.jackson.core.JsonParseException(p, "expected a field name or '}'");
        }
        return fields;
    }

    static Object value(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected end of input");
        }
        return switch (t) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberValue();
            case VALUE_NUMBER_FLOAT -> p.getDecimalValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case START_OBJECT -> object(p);
            case START_ARRAY -> {
                List<Object> items = new ArrayList<>();
                JsonToken item;
                while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(value(p, item));
                }
                yield items;
            }
            default -> throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected token " + t);
        };
    }
}
