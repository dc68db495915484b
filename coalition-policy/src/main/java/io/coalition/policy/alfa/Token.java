package io.coalition.policy.alfa;

/**
 * A lexical token.
 *
 * @param text for {@link Kind#STRING} the unescaped value, otherwise the source text
 * @param doc  the text of the block comment just before this token (it becomes a XACML Description), or null
 */
record Token(Kind kind, String text, Pos pos, String doc) {
    enum Kind { IDENT, STRING, INTEGER, DOUBLE, OP, PUNCT, EOF }

    boolean is(Kind k, String t) {
        return kind == k && text.equals(t);
    }

    boolean isWord(String word) {
        return kind == Kind.IDENT && text.equals(word);
    }

    boolean isPunct(String p) {
        return kind == Kind.PUNCT && text.equals(p);
    }

    boolean isOp(String op) {
        return kind == Kind.OP && text.equals(op);
    }

    /** How the token reads in an error message: {@code 'rule'}, {@code "text"}, {@code end of file}. */
    String describe() {
        return switch (kind) {
            case EOF -> "end of file";
            case STRING -> "string \"" + text + "\"";
            default -> "'" + text + "'";
        };
    }
}
