package io.coalition.policy.alfa;

import io.coalition.policy.AccessRequest;
import io.coalition.policy.AttributeValue;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Generates requests from what XACML policies test: every attribute a designator reads gets the values the
 * policies compare it with (from Match elements and Apply siblings) plus one value no policy names; attributes
 * compared only with other attributes get two shared values, so equal and unequal pairs both occur. The set is
 * the cartesian product, plus the request with no attributes at all.
 */
final class RequestSet {
    static final String NS = "urn:oasis:names:tc:xacml:3.0:core:schema:wd-17";

    /** An attribute a policy reads: category, id, data type. */
    record Key(String category, String id, String dataType) {
    }

    /** The literal (attribute, value) pairs of one rule's target, to check the set covers it. */
    record RuleTarget(String ruleId, String effect, Map<Key, String> matches) {
    }

    private RequestSet() {
    }

    static Document parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot parse XACML", e);
        }
    }

    /** For each attribute the documents read, the values they compare it with (in document order). */
    static Map<Key, Set<String>> domains(List<String> xmlDocuments) {
        Map<Key, Set<String>> out = new LinkedHashMap<>();
        for (String xml : xmlDocuments) {
            NodeList designators = parse(xml).getElementsByTagNameNS(NS, "AttributeDesignator");
            for (int i = 0; i < designators.getLength(); i++) {
                Element d = (Element) designators.item(i);
                Key key = key(d);
                Set<String> values = out.computeIfAbsent(key, k -> new LinkedHashSet<>());
                for (Node s = d.getParentNode().getFirstChild(); s != null; s = s.getNextSibling()) {
                    if (s instanceof Element e && e.getLocalName().equals("AttributeValue")
                            && e.getAttribute("DataType").equals(key.dataType())) {
                        values.add(e.getTextContent());
                    }
                }
            }
        }
        return out;
    }

    static Key key(Element designator) {
        return new Key(designator.getAttribute("Category"), designator.getAttribute("AttributeId"),
                designator.getAttribute("DataType"));
    }

    /** The product over each attribute's values plus one unnamed value, then the empty request. */
    static List<AccessRequest> generate(Map<Key, Set<String>> domains) {
        List<Key> keys = new ArrayList<>(domains.keySet());
        List<List<String>> values = new ArrayList<>();
        for (Key k : keys) {
            List<String> v = new ArrayList<>(domains.get(k));
            if (v.isEmpty()) {
                v.add(unnamed(k.dataType(), 1));
                v.add(unnamed(k.dataType(), 2));
            } else if (!v.contains(unnamed(k.dataType(), 0))) {
                v.add(unnamed(k.dataType(), 0));
            }
            values.add(v);
        }
        List<AccessRequest> out = new ArrayList<>();
        product(keys, values, 0, new String[keys.size()], out);
        out.add(AccessRequest.builder().build());
        return out;
    }

    /** A valid value of the data type that the policies are unlikely to name; n tells several apart. */
    static String unnamed(String dataType, int n) {
        String t = dataType.substring(dataType.indexOf('#') + 1);
        return switch (t) {
            case "integer" -> String.valueOf(-987654320 - n);
            case "double" -> (-987654320 - n) + ".5";
            case "boolean" -> n % 2 == 0 ? "false" : "true";
            case "date" -> "1970-01-0" + (n + 1);
            case "dateTime" -> "1970-01-0" + (n + 1) + "T00:00:00Z";
            case "time" -> "00:00:0" + n;
            case "anyURI" -> "urn:unnamed:" + n;
            default -> n == 0 ? "unnamed-value" : "v" + n;
        };
    }

    private static void product(List<Key> keys, List<List<String>> values, int i, String[] chosen,
                                List<AccessRequest> out) {
        if (i == keys.size()) {
            AccessRequest.Builder b = AccessRequest.builder();
            for (int k = 0; k < keys.size(); k++) {
                Key key = keys.get(k);
                b.attribute(key.category(), key.id(), AttributeValue.of(key.dataType(), chosen[k]));
            }
            out.add(b.build());
            return;
        }
        for (String v : values.get(i)) {
            chosen[i] = v;
            product(keys, values, i + 1, chosen, out);
        }
    }

    /** Each rule of the document with the literal matches of its own target. */
    static List<RuleTarget> ruleTargets(String xml) {
        List<RuleTarget> out = new ArrayList<>();
        NodeList rules = parse(xml).getElementsByTagNameNS(NS, "Rule");
        for (int i = 0; i < rules.getLength(); i++) {
            Element rule = (Element) rules.item(i);
            Map<Key, String> matches = new LinkedHashMap<>();
            NodeList ms = rule.getElementsByTagNameNS(NS, "Match");
            for (int j = 0; j < ms.getLength(); j++) {
                Element m = (Element) ms.item(j);
                Element value = (Element) m.getElementsByTagNameNS(NS, "AttributeValue").item(0);
                Element designator = (Element) m.getElementsByTagNameNS(NS, "AttributeDesignator").item(0);
                matches.put(key(designator), value.getTextContent());
            }
            out.add(new RuleTarget(rule.getAttribute("RuleId"), rule.getAttribute("Effect"), matches));
        }
        return out;
    }

    /** Whether the request carries each of the given attribute values. */
    static boolean carries(AccessRequest request, Map<Key, String> values) {
        return values.entrySet().stream().allMatch(e -> request.attributes().stream().anyMatch(a ->
                a.category().equals(e.getKey().category()) && a.id().equals(e.getKey().id())
                        && a.values().stream().anyMatch(v -> v.value().equals(e.getValue()))));
    }
}
