package io.coalition.streamaccess.bus;

import io.coalition.streamaccess.StreamAccessException;
import io.coalition.streamaccess.rdf.ProcessTriple;
import org.apache.jena.datatypes.TypeMapper;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.TextDirection;
import org.apache.jena.graph.Triple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Wire format 2 of a block on a broker: a term dictionary, then the quads as indexes into it. A 10-triple block of
 * the BPIC 2012 stream names its process about 14 times and a few tasks and predicates several times each, so each
 * distinct term is written once; and a subscriber reads it with a loop over characters instead of one RIOT N-Quads
 * parser per block (which cost about 70 µs per block in each subscriber, the Redis bus's largest cost).
 *
 * <pre>
 * block = count ";" term{count} quad*
 * term  = "I" len ":" iri                                  IRI
 *       | "S" len ":" lexical                              xsd:string literal
 *       | "L" len ":" lang len ":" lexical                 language-tagged literal
 *       | "D" len ":" lang len ":" direction len ":" lexical   with base direction (ltr, rtl)
 *       | "T" index "," len ":" lexical                    typed literal; the datatype is an earlier "I" term
 * quad  = index "," index "," index "," index ";"          subject, predicate, object, graph (= the process)
 * </pre>
 * {@code len} counts UTF-16 chars, so no character needs escaping; numbers are decimal. The dictionary is per block,
 * so every entry is self-contained (a subscriber may start at any block, and trimmed entries are never needed).
 * Decoding fails closed: an IRI with a character N-Triples forbids in {@code <...>} (space, {@code <>"{}|^`\}, a
 * control character), an invalid language tag, a datatype that is not an IRI, a subject or graph that is a literal,
 * an index out of range, or anything left over is an error naming the character offset.
 */
final class BlockCodec {
    /** The {@code v} field of an entry in this format. */
    static final String VERSION = "2";

    private BlockCodec() {
    }

    /** Thrown for a body that is not a well-formed block; the message names the offset and what was expected. */
    static final class MalformedBlockException extends StreamAccessException {
        MalformedBlockException(String message) {
            super(message);
        }
    }

    /** The block in wire format 2; blank nodes and variables are refused (they mean nothing in another process). */
    static String encode(List<ProcessTriple> block) {
        Map<Node, Integer> index = new HashMap<>();
        StringBuilder terms = new StringBuilder(block.size() * 80);
        StringBuilder quads = new StringBuilder(block.size() * 16);
        for (ProcessTriple pt : block) {
            Triple t = pt.triple();
            int s = term(t.getSubject(), pt, index, terms);
            int p = term(t.getPredicate(), pt, index, terms);
            int o = term(t.getObject(), pt, index, terms);
            int g = term(pt.process(), pt, index, terms);
            quads.append(s).append(',').append(p).append(',').append(o).append(',').append(g).append(';');
        }
        return new StringBuilder(terms.length() + quads.length() + 8).append(index.size()).append(';')
                .append(terms).append(quads).toString();
    }

    private static int term(Node n, ProcessTriple pt, Map<Node, Integer> index, StringBuilder out) {
        Integer known = index.get(n);
        if (known != null) return known;
        if (n.isURI()) {
            chars(out.append('I'), n.getURI());
        } else if (n.isLiteral()) {
            String lang = n.getLiteralLanguage();
            TextDirection dir = n.getLiteralBaseDirection();
            if (dir != null) {
                chars(chars(chars(out.append('D'), lang), dir.direction()), n.getLiteralLexicalForm());
            } else if (lang != null && !lang.isEmpty()) {
                chars(chars(out.append('L'), lang), n.getLiteralLexicalForm());
            } else if (XSDDatatype.XSDstring.getURI().equals(n.getLiteralDatatypeURI())) {
                chars(out.append('S'), n.getLiteralLexicalForm());
            } else {
                int dt = term(NodeFactory.createURI(n.getLiteralDatatypeURI()), pt, index, out);
                chars(out.append('T').append(dt).append(','), n.getLiteralLexicalForm());
            }
        } else {
            throw new StreamAccessException("stream bus: cannot send " + pt + ": only IRIs and literals cross"
                    + " a broker (blank node labels and variables mean nothing in another process)");
        }
        int i = index.size();
        index.put(n, i);
        return i;
    }

    private static StringBuilder chars(StringBuilder out, String s) {
        return out.append(s.length()).append(':').append(s);
    }

    /** Reads a block written by {@link #encode}; see the class comment for what is refused. */
    static List<ProcessTriple> decode(String body) {
        return new Reader(body).block();
    }

    private static final java.util.regex.Pattern LANG =
            java.util.regex.Pattern.compile("[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*");

    private static final class Reader {
        private final String s;
        private int at;

        Reader(String s) {
            this.s = s;
        }

        List<ProcessTriple> block() {
            int count = number(';');
            Node[] terms = new Node[count];
            for (int i = 0; i < count; i++) terms[i] = term(terms, i);
            List<ProcessTriple> out = new ArrayList<>();
            while (at < s.length()) {
                int start = at;
                Node subject = terms[index(terms, ',')];
                Node predicate = terms[index(terms, ',')];
                Node object = terms[index(terms, ',')];
                Node graph = terms[index(terms, ';')];
                if (!subject.isURI() || !predicate.isURI() || !graph.isURI()) {
                    throw error(start, "a quad whose subject, predicate and graph are IRIs");
                }
                out.add(new ProcessTriple(graph, Triple.create(subject, predicate, object)));
            }
            return out;
        }

        private Node term(Node[] terms, int i) {
            int start = at;
            if (at >= s.length()) throw error(at, "term " + i + " of " + terms.length);
            char kind = s.charAt(at++);
            switch (kind) {
                case 'I' -> {
                    String iri = chars();
                    for (int k = 0; k < iri.length(); k++) {
                        char c = iri.charAt(k);
                        if (c <= ' ' || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' || c == '|'
                                || c == '^' || c == '`' || c == '\\') {
                            throw error(start, "an IRI without spaces, control characters or <>\"{}|^`\\ (found "
                                    + (c <= ' ' ? "U+" + String.format("%04X", (int) c) : "'" + c + "'") + ")");
                        }
                    }
                    if (iri.isEmpty()) throw error(start, "a non-empty IRI");
                    return NodeFactory.createURI(iri);
                }
                case 'S' -> {
                    return NodeFactory.createLiteralString(chars());
                }
                case 'L' -> {
                    String lang = lang(start);
                    return NodeFactory.createLiteralLang(chars(), lang);
                }
                case 'D' -> {
                    String lang = lang(start);
                    TextDirection dir = TextDirection.createOrNull(chars());
                    if (dir == null) throw error(start, "base direction ltr or rtl");
                    return NodeFactory.createLiteralDirLang(chars(), lang, dir);
                }
                case 'T' -> {
                    int dt = number(',');
                    if (dt >= i || !terms[dt].isURI()) throw error(start, "a datatype that is an earlier IRI term");
                    return NodeFactory.createLiteralDT(chars(),
                            TypeMapper.getInstance().getSafeTypeByName(terms[dt].getURI()));
                }
                default -> throw error(start, "a term kind I, S, L, D or T, found '" + kind + "'");
            }
        }

        private String lang(int start) {
            String lang = chars();
            if (!LANG.matcher(lang).matches()) throw error(start, "a language tag, found '"
                    + lang + "'");
            return lang;
        }

        private int index(Node[] terms, char end) {
            int start = at;
            int i = number(end);
            if (i >= terms.length) throw error(start, "a term index below " + terms.length + ", found " + i);
            return i;
        }

        /** {@code len ":" chars}. */
        private String chars() {
            int start = at;
            int n = number(':');
            if (n > s.length() - at) throw error(start, n + " characters, found " + (s.length() - at));
            String v = s.substring(at, at + n);
            at += n;
            return v;
        }

        /** A non-negative decimal number, then {@code end}. */
        private int number(char end) {
            int start = at;
            long v = 0;
            while (at < s.length() && s.charAt(at) >= '0' && s.charAt(at) <= '9') {
                v = v * 10 + (s.charAt(at++) - '0');
                if (v > Integer.MAX_VALUE) throw error(start, "a number below 2^31");
            }
            if (at == start) throw error(start, "a number");
            if (at >= s.length() || s.charAt(at) != end) throw error(at, "'" + end + "'");
            at++;
            return (int) v;
        }

        private MalformedBlockException error(int offset, String expected) {
            return new MalformedBlockException("at character " + offset + ": expected " + expected);
        }
    }
}
