package io.coalition.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Coalition's simple JSON form of an {@link AccessRequest} and of {@link Decision}s (not the XACML JSON
 * Profile: a shape meant to be written by hand and read by scripts).
 *
 * <pre>{@code
 * {
 *   "subject":     {"urn:oasis:names:tc:xacml:1.0:subject:subject-id": "hub-1", "Role": "MedicalHub",
 *                   "ParticipantTypes": ["Data Provider", "Decider"], "Age": 61, "IDCheck": true},
 *   "action":      "read",
 *   "resource":    {"urn:oasis:names:tc:xacml:1.0:resource:resource-id": {"type": "anyURI", "value": "ipfs://bafy..."}},
 *   "environment": {"Country": "Italy", "now": {"type": "dateTime", "value": "2026-11-23T10:00:00Z"}},
 *   "attributes":  [{"category": "urn:...:recipient-subject", "id": "...", "issuer": "...", "values": ["x"]}],
 *   "returnPolicyIdList": false
 * }
 * }</pre>
 * Each of subject, action, resource and environment maps attribute ids to values; {@code "action": "read"} is
 * short for the standard action-id. A value is a JSON string (xs:string), an integral number (xs:integer),
 * another number (xs:double), a boolean (xs:boolean), an object {@code {"type": T, "value": V}} where T is an
 * XML Schema or XACML data type short name ({@code dateTime}, {@code anyURI}, {@code date}, {@code rfc822Name},
 * ...) or full URI and V its lexical form, or an array of these (a bag). Unknown fields are errors.
 */
public final class PolicyJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final Map<String, String> CATEGORIES = Map.of("subject", AccessRequest.SUBJECT,
            "action", AccessRequest.ACTION, "resource", AccessRequest.RESOURCE, "environment", AccessRequest.ENVIRONMENT);
    private static final Set<String> FIELDS = Set.of("subject", "action", "resource", "environment", "attributes",
            "returnPolicyIdList");

    private PolicyJson() {
    }

    /**
     * Reads a request in the shape above.
     *
     * @param source names the request in error messages (a file name)
     * @throws PolicyException naming the source, the JSON path and what was expected
     */
    public static AccessRequest readRequest(String json, String source) {
        java.util.Objects.requireNonNull(json, "json");
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new PolicyException(source + (loc == null ? "" : ": line " + loc.getLineNr() + ", column "
                    + loc.getColumnNr()) + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new PolicyException(source + ": expected a JSON object with subject, action, resource, environment");
        }
        AccessRequest.Builder b = AccessRequest.builder();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new PolicyException(source + ": unknown field '" + field
                        + "'; expected subject, action, resource, environment, attributes, returnPolicyIdList");
            }
        }
        for (var e : CATEGORIES.entrySet()) {
            JsonNode node = root.get(e.getKey());
            if (node == null || node.isNull()) continue;
            if (e.getKey().equals("action") && node.isTextual()) {
                b.action(node.textValue());
                continue;
            }
            if (!node.isObject()) {
                throw new PolicyException(source + ": " + e.getKey() + ": expected an object of attribute id -> value"
                        + (e.getKey().equals("action") ? " or an action-id string" : ""));
            }
            for (var f : node.properties()) {
                b.attribute(new Attribute(e.getValue(), f.getKey(),
                        values(f.getValue(), source, e.getKey() + "." + f.getKey())));
            }
        }
        JsonNode extra = root.get("attributes");
        if (extra != null && !extra.isNull()) {
            if (!extra.isArray()) throw new PolicyException(source + ": attributes: expected an array");
            for (int i = 0; i < extra.size(); i++) {
                String path = "attributes[" + i + "]";
                JsonNode a = extra.get(i);
                String category = text(a, "category", source, path);
                String id = text(a, "id", source, path);
                String issuer = a.hasNonNull("issuer") ? text(a, "issuer", source, path) : null;
                if (!a.has("values")) throw new PolicyException(source + ": " + path + ": values is missing");
                b.attribute(new Attribute(category, id, issuer, values(a.get("values"), source, path + ".values")));
            }
        }
        JsonNode ret = root.get("returnPolicyIdList");
        if (ret != null && !ret.isNull()) {
            if (!ret.isBoolean()) throw new PolicyException(source + ": returnPolicyIdList: expected true or false");
            b.returnPolicyIdList(ret.booleanValue());
        }
        AccessRequest request = b.build();
        if (request.attributes().isEmpty()) throw new PolicyException(source + ": the request has no attribute");
        return request;
    }

    private static String text(JsonNode node, String field, String source, String path) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.textValue().isBlank()) {
            throw new PolicyException(source + ": " + path + "." + field + ": expected a non-empty string");
        }
        return v.textValue();
    }

    private static List<AttributeValue> values(JsonNode node, String source, String path) {
        List<AttributeValue> values = new ArrayList<>();
        if (node.isArray()) {
            if (node.isEmpty()) throw new PolicyException(source + ": " + path + ": empty array, expected at least one value");
            for (int i = 0; i < node.size(); i++) values.add(value(node.get(i), source, path + "[" + i + "]"));
        } else {
            values.add(value(node, source, path));
        }
        return values;
    }

    private static AttributeValue value(JsonNode node, String source, String path) {
        try {
            if (node.isTextual()) return AttributeValue.string(node.textValue());
            if (node.isBoolean()) return AttributeValue.bool(node.booleanValue());
            if (node.isIntegralNumber()) return AttributeValue.integer(node.bigIntegerValue());
            if (node.isNumber()) return AttributeValue.doubleValue(node.doubleValue());
            if (node.isObject() && node.size() == 2 && node.path("type").isTextual() && node.path("value").isTextual()) {
                return AttributeValue.of(AttributeValue.dataTypeUri(node.get("type").textValue()),
                        node.get("value").textValue());
            }
        } catch (PolicyException e) {
            throw new PolicyException(source + ": " + path + ": " + e.getMessage(), e);
        }
        throw new PolicyException(source + ": " + path + ": " + (node.isNull() ? "null" : node.getNodeType().name().toLowerCase())
                + " is not a value; expected a string, number, boolean or {\"type\": T, \"value\": V}");
    }

    /** The decisions as {@code {"policy": ROOT, "decisions": [...]}}, pretty-printed. */
    public static String write(String rootPolicyId, List<Decision> decisions) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("policy", rootPolicyId);
        ArrayNode list = root.putArray("decisions");
        decisions.forEach(d -> list.add(toJson(d)));
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static ObjectNode toJson(Decision d) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("decision", d.verdict().xacml());
        ObjectNode status = o.putObject("status");
        status.put("code", d.status().code());
        if (d.status().subCode() != null) status.put("subCode", d.status().subCode());
        if (d.status().message() != null) status.put("message", d.status().message());
        actions(o.putArray("obligations"), d.obligations());
        actions(o.putArray("advice"), d.advice());
        ArrayNode attributes = o.putArray("attributes");
        for (Attribute a : d.attributes()) {
            ObjectNode n = attributes.addObject().put("category", a.category()).put("id", a.id());
            if (a.issuer() != null) n.put("issuer", a.issuer());
            ArrayNode values = n.putArray("values");
            a.values().forEach(v -> values.addObject().put("type", v.dataType()).put("value", v.value()));
        }
        ArrayNode policies = o.putArray("applicablePolicies");
        for (Decision.PolicyReference p : d.applicablePolicies()) {
            policies.addObject().put("type", p.policySet() ? "PolicySet" : "Policy").put("id", p.id())
                    .put("version", p.version());
        }
        return o;
    }

    private static void actions(ArrayNode out, List<Decision.PepAction> actions) {
        for (Decision.PepAction a : actions) {
            ObjectNode n = out.addObject().put("id", a.id());
            ArrayNode assignments = n.putArray("assignments");
            for (Decision.AttributeAssignment x : a.assignments()) {
                ObjectNode m = assignments.addObject().put("attributeId", x.attributeId());
                if (x.category() != null) m.put("category", x.category());
                if (x.issuer() != null) m.put("issuer", x.issuer());
                m.put("type", x.value().dataType()).put("value", x.value().value());
            }
        }
    }
}
