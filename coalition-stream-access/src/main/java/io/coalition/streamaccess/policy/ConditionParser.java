package io.coalition.streamaccess.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the Condition text: {@code { graph pattern }} operands joined by {@code and}, {@code or}, {@code not} and
 * parentheses (precedence not, and, or). Graph patterns are balanced braces; braces inside quoted strings and IRIs
 * do not count.
 */
final class ConditionParser {
    private final String text;
    private final String where;
    private int pos;

    private ConditionParser(String text, String where) {
        this.text = text;
        this.where = where;
    }

    static Condition parse(String text, String where) {
        ConditionParser p = new ConditionParser(text, where);
        p.skipSpace();
        if (p.pos == text.length()) throw p.error("expected a graph pattern '{ ... }', found nothing");
        Condition c = p.or();
        p.skipSpace();
        if (p.pos < text.length()) throw p.error("expected 'and', 'or' or the end, found '" + p.rest() + "'");
        return c;
    }

    private Condition or() {
        List<Condition> parts = new ArrayList<>(List.of(and()));
        while (keyword("or")) parts.add(and());
        return parts.size() == 1 ? parts.get(0) : new Condition.Or(parts);
    }

    private Condition and() {
        List<Condition> parts = new ArrayList<>(List.of(unary()));
        while (keyword("and")) parts.add(unary());
        return parts.size() == 1 ? parts.get(0) : new Condition.And(parts);
    }

    private Condition unary() {
        skipSpace();
        if (keyword("not")) return new Condition.Not(unary());
        if (pos < text.length() && text.charAt(pos) == '(') {
            pos++;
            Condition c = or();
            skipSpace();
            if (pos >= text.length() || text.charAt(pos) != ')') throw error("expected ')', found " + found());
            pos++;
            return c;
        }
        if (pos < text.length() && text.charAt(pos) == '{') return new Condition.Pattern(group());
        throw error("expected '{', '(' or 'not', found " + found());
    }

    private String group() {
        int start = pos;
        int depth = 0;
        char quote = 0;
        for (; pos < text.length(); pos++) {
            char c = text.charAt(pos);
            if (quote != 0) {
                if (c == '\\') pos++;
                else if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '<' && pos + 1 < text.length() && !Character.isWhitespace(text.charAt(pos + 1))
                    && text.charAt(pos + 1) != '=') {
                quote = '>'; // an IRI
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                pos++;
                String inner = text.substring(start + 1, pos - 1).strip();
                if (inner.isEmpty()) throw errorAt(start, "empty graph pattern '{}'");
                return inner;
            }
        }
        throw errorAt(start, "graph pattern opened here is never closed with '}'");
    }

    private boolean keyword(String word) {
        skipSpace();
        int end = pos + word.length();
        if (end <= text.length() && text.regionMatches(true, pos, word, 0, word.length())
                && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)))) {
            pos = end;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
    }

    private String found() {
        return pos >= text.length() ? "the end" : "'" + rest() + "'";
    }

    private String rest() {
        String r = text.substring(pos);
        return r.length() > 20 ? r.substring(0, 20) + "..." : r;
    }

    private StreamPolicyException error(String message) {
        return errorAt(pos, message);
    }

    private StreamPolicyException errorAt(int at, String message) {
        return new StreamPolicyException(where + ": condition, offset " + at + ": " + message);
    }
}
