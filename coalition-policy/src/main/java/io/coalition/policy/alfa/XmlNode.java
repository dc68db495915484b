package io.coalition.policy.alfa;

import java.util.ArrayList;
import java.util.List;

/** A minimal XML element tree, serialized deterministically (attribute order as added, two-space indent). */
final class XmlNode {
    static final String NS = "urn:oasis:names:tc:xacml:3.0:core:schema:wd-17";
    private static final String PREFIX = "xacml3:";

    private final String name;
    private final List<String[]> attributes = new ArrayList<>();
    private final List<XmlNode> children = new ArrayList<>();
    private String text;

    XmlNode(String name) {
        this.name = name;
    }

    XmlNode attr(String key, String value) {
        if (value != null) {
            attributes.add(new String[] {key, value});
        }
        return this;
    }

    XmlNode add(XmlNode child) {
        children.add(child);
        return this;
    }

    XmlNode text(String value) {
        this.text = value;
        return this;
    }

    String name() {
        return name;
    }

    List<XmlNode> children() {
        return children;
    }

    String document() {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        write(b, 0, true);
        return b.toString();
    }

    private void write(StringBuilder b, int depth, boolean root) {
        b.append("  ".repeat(depth)).append('<').append(PREFIX).append(name);
        if (root) {
            b.append(" xmlns:xacml3=\"").append(NS).append('"');
        }
        for (String[] a : attributes) {
            b.append(' ').append(a[0]).append("=\"").append(escape(a[1], true)).append('"');
        }
        if (text != null) {
            b.append('>').append(escape(text, false)).append("</").append(PREFIX).append(name).append(">\n");
        } else if (children.isEmpty()) {
            b.append("/>\n");
        } else {
            b.append(">\n");
            for (XmlNode c : children) {
                c.write(b, depth + 1, false);
            }
            b.append("  ".repeat(depth)).append("</").append(PREFIX).append(name).append(">\n");
        }
    }

    private static String escape(String s, boolean attribute) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append(attribute ? "&quot;" : "\"");
                case '\n' -> b.append(attribute ? "&#10;" : "\n");
                case '\r' -> b.append("&#13;");
                case '\t' -> b.append(attribute ? "&#9;" : "\t");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
