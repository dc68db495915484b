package io.coalition.policy;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.DatatypeFactory;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;

/**
 * One typed XACML attribute value: its data type URI and its lexical form (XACML 3.0 §7.3, XML Schema
 * Part 2). {@link #of} and the typed factories check the six types Coalition's requests use (string, integer,
 * double, boolean, dateTime, anyURI), so a bad hand-written value is refused with a message rather than turned
 * into an Indeterminate decision; other XACML data types ({@code date}, {@code rfc822Name}, ...) are checked by
 * the PDP. The canonical constructor takes the lexical form as given: it is how values the PDP returned are
 * carried (the PDP is more lenient than these checks, e.g. for anyURI), and a malformed value given this way
 * makes the PDP answer Indeterminate.
 */
public record AttributeValue(String dataType, String value) {
    public static final String STRING = "http://www.w3.org/2001/XMLSchema#string";
    public static final String INTEGER = "http://www.w3.org/2001/XMLSchema#integer";
    public static final String DOUBLE = "http://www.w3.org/2001/XMLSchema#double";
    public static final String BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean";
    public static final String DATE_TIME = "http://www.w3.org/2001/XMLSchema#dateTime";
    public static final String ANY_URI = "http://www.w3.org/2001/XMLSchema#anyURI";

    /** Short names accepted where a data type is written by hand (JSON requests): XML Schema local names. */
    static final Map<String, String> SHORT_NAMES = Map.ofEntries(
            Map.entry("string", STRING), Map.entry("integer", INTEGER), Map.entry("double", DOUBLE),
            Map.entry("boolean", BOOLEAN), Map.entry("dateTime", DATE_TIME), Map.entry("anyURI", ANY_URI),
            Map.entry("date", "http://www.w3.org/2001/XMLSchema#date"),
            Map.entry("time", "http://www.w3.org/2001/XMLSchema#time"),
            Map.entry("hexBinary", "http://www.w3.org/2001/XMLSchema#hexBinary"),
            Map.entry("base64Binary", "http://www.w3.org/2001/XMLSchema#base64Binary"),
            Map.entry("dayTimeDuration", "http://www.w3.org/2001/XMLSchema#dayTimeDuration"),
            Map.entry("yearMonthDuration", "http://www.w3.org/2001/XMLSchema#yearMonthDuration"),
            Map.entry("rfc822Name", "urn:oasis:names:tc:xacml:1.0:data-type:rfc822Name"),
            Map.entry("x500Name", "urn:oasis:names:tc:xacml:1.0:data-type:x500Name"),
            Map.entry("ipAddress", "urn:oasis:names:tc:xacml:2.0:data-type:ipAddress"),
            Map.entry("dnsName", "urn:oasis:names:tc:xacml:2.0:data-type:dnsName"));

    public AttributeValue {
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(value, "value");
        if (dataType.isBlank()) throw new PolicyException("attribute value '" + value + "': data type is empty");
    }

    /** A value of any XACML data type; integer, double, boolean, dateTime and anyURI values are checked. */
    public static AttributeValue of(String dataType, String lexicalValue) {
        AttributeValue v = new AttributeValue(dataType, lexicalValue);
        check(dataType, lexicalValue);
        return v;
    }

    public static AttributeValue string(String value) {
        return new AttributeValue(STRING, value);
    }

    public static AttributeValue integer(long value) {
        return new AttributeValue(INTEGER, Long.toString(value));
    }

    public static AttributeValue integer(BigInteger value) {
        return new AttributeValue(INTEGER, value.toString());
    }

    public static AttributeValue doubleValue(double value) {
        String lexical = Double.isNaN(value) ? "NaN"
                : value == Double.POSITIVE_INFINITY ? "INF"
                : value == Double.NEGATIVE_INFINITY ? "-INF" : Double.toString(value);
        return new AttributeValue(DOUBLE, lexical);
    }

    public static AttributeValue bool(boolean value) {
        return new AttributeValue(BOOLEAN, Boolean.toString(value));
    }

    public static AttributeValue dateTime(OffsetDateTime value) {
        return new AttributeValue(DATE_TIME, value.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    }

    public static AttributeValue anyUri(URI value) {
        return new AttributeValue(ANY_URI, value.toString());
    }

    /** The full data type URI for a short name ({@code integer}) or the argument itself when it is not one. */
    public static String dataTypeUri(String nameOrUri) {
        return SHORT_NAMES.getOrDefault(nameOrUri, nameOrUri);
    }

    private static void check(String dataType, String value) {
        boolean ok = switch (dataType) {
            case INTEGER -> value.strip().matches("[+-]?[0-9]+");
            case DOUBLE -> value.strip().matches("(\\+|-)?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([Ee](\\+|-)?[0-9]+)?|-?INF|NaN");
            case BOOLEAN -> value.strip().matches("true|false|1|0");
            case DATE_TIME -> isXsdDateTime(value.strip());
            case ANY_URI -> isUri(value.strip());
            default -> true;
        };
        if (!ok) {
            throw new PolicyException("attribute value '" + value + "' is not a valid " + dataType);
        }
    }

    private static boolean isXsdDateTime(String value) {
        try {
            return DatatypeFactory.newInstance().newXMLGregorianCalendar(value).getXMLSchemaType()
                    == DatatypeConstants.DATETIME;
        } catch (IllegalArgumentException e) {
            return false;
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException("no javax.xml.datatype implementation", e);
        }
    }

    private static boolean isUri(String value) {
        try {
            new URI(value);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** {@code "MedicalHub"}, {@code 42}, {@code true}, {@code 2026-11-23T10:00:00Z^^dateTime}: for messages and the CLI. */
    @Override
    public String toString() {
        return switch (dataType) {
            case STRING -> '"' + value + '"';
            case INTEGER, DOUBLE, BOOLEAN -> value;
            default -> value + "^^" + (dataType.contains("#") ? dataType.substring(dataType.indexOf('#') + 1) : dataType);
        };
    }
}
