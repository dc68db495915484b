package io.coalition.policy.alfa;

import java.util.ArrayList;
import java.util.List;

/** Splits ALFA text into tokens; block comments are kept as the doc of the next token. */
final class Lexer {
    private static final String OP_CHARS = "*/%+@^=<>&$|!-~";
    private static final String PUNCT_CHARS = "{}()[],:.";

    private final String src;
    private final String name;
    private int i;
    private int line = 1;
    private int col = 1;
    private String pendingDoc;

    private Lexer(String name, String src) {
        this.name = name;
        this.src = src;
    }

    static List<Token> tokenize(AlfaSource source) {
        return new Lexer(source.name(), source.text()).run();
    }

    private List<Token> run() {
        List<Token> out = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            Pos pos = pos();
            if (i >= src.length()) {
                out.add(new Token(Token.Kind.EOF, "", pos, pendingDoc));
                return out;
            }
            char c = src.charAt(i);
            Token t;
            if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < src.length() && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_')) {
                    advance();
                }
                t = token(Token.Kind.IDENT, src.substring(start, i), pos);
            } else if (Character.isDigit(c)) {
                t = number(pos);
            } else if (c == '"') {
                t = string(pos);
            } else if (PUNCT_CHARS.indexOf(c) >= 0) {
                advance();
                t = token(Token.Kind.PUNCT, String.valueOf(c), pos);
            } else if (OP_CHARS.indexOf(c) >= 0) {
                int start = i;
                while (i < src.length() && OP_CHARS.indexOf(src.charAt(i)) >= 0 && !commentStart()) {
                    advance();
                }
                t = token(Token.Kind.OP, src.substring(start, i), pos);
            } else {
                throw new AlfaException(pos, "unexpected character '" + c + "'");
            }
            out.add(t);
        }
    }

    private Token token(Token.Kind kind, String text, Pos pos) {
        Token t = new Token(kind, text, pos, pendingDoc);
        pendingDoc = null;
        return t;
    }

    private Token number(Pos pos) {
        int start = i;
        boolean isDouble = false;
        digits();
        if (peek(0) == '.' && Character.isDigit(peek(1))) {
            isDouble = true;
            advance();
            digits();
        }
        if ((peek(0) == 'e' || peek(0) == 'E')
                && (Character.isDigit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && Character.isDigit(peek(2))))) {
            isDouble = true;
            advance();
            if (!Character.isDigit(peek(0))) {
                advance();
            }
            digits();
        }
        char next = peek(0);
        if (Character.isLetterOrDigit(next) || next == '_' || next == '.') {
            // A number glued to letters or a second dot ("12ab", "1.2.3", "7.") is a typo, not two tokens.
            while (i < src.length() && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_'
                    || src.charAt(i) == '.')) {
                advance();
            }
            throw new AlfaException(pos, "malformed number '" + src.substring(start, i) + "'");
        }
        return token(isDouble ? Token.Kind.DOUBLE : Token.Kind.INTEGER, src.substring(start, i), pos);
    }

    private void digits() {
        while (Character.isDigit(peek(0))) {
            advance();
        }
    }

    private Token string(Pos pos) {
        advance();
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (i >= src.length() || src.charAt(i) == '\n') {
                throw new AlfaException(pos, "unterminated string literal: expected '\"' before end of "
                        + (i >= src.length() ? "file" : "line"));
            }
            char c = src.charAt(i);
            if (c == '"') {
                advance();
                return token(Token.Kind.STRING, sb.toString(), pos);
            }
            if (c == '\\') {
                Pos escPos = pos();
                advance();
                char e = peek(0);
                switch (e) {
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    default -> throw new AlfaException(escPos, "unknown escape '\\" + e + "' in string literal");
                }
                advance();
            } else {
                sb.append(c);
                advance();
            }
        }
    }

    private boolean commentStart() {
        return peek(0) == '/' && (peek(1) == '/' || peek(1) == '*');
    }

    private void skipSpaceAndComments() {
        while (i < src.length()) {
            char c = src.charAt(i);
            if (Character.isWhitespace(c)) {
                advance();
            } else if (c == '/' && peek(1) == '/') {
                while (i < src.length() && src.charAt(i) != '\n') {
                    advance();
                }
            } else if (c == '/' && peek(1) == '*') {
                Pos start = pos();
                advance();
                advance();
                int bodyStart = i;
                while (i < src.length() && !(src.charAt(i) == '*' && peek(1) == '/')) {
                    advance();
                }
                if (i >= src.length()) {
                    throw new AlfaException(start, "unterminated comment: expected '*/' before end of file");
                }
                pendingDoc = docText(src.substring(bodyStart, i));
                advance();
                advance();
            } else {
                return;
            }
        }
    }

    /** The comment's lines without their leading '*' decoration, trimmed, blank outer lines dropped. */
    static String docText(String body) {
        List<String> lines = new ArrayList<>();
        for (String l : body.split("\r?\n", -1)) {
            String s = l.strip();
            while (s.startsWith("*")) {
                s = s.substring(1);
            }
            lines.add(s.strip());
        }
        while (!lines.isEmpty() && lines.get(0).isEmpty()) {
            lines.remove(0);
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines.isEmpty() ? null : String.join("\n", lines);
    }

    private char peek(int ahead) {
        int j = i + ahead;
        return j < src.length() ? src.charAt(j) : '\0';
    }

    private void advance() {
        if (src.charAt(i) == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
        i++;
    }

    private Pos pos() {
        return new Pos(name, line, col);
    }
}
