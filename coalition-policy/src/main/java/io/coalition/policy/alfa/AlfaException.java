package io.coalition.policy.alfa;

import io.coalition.policy.PolicyException;

/**
 * An ALFA source that cannot be compiled: a syntax error, an unknown or duplicate name, a type error. The message
 * reads {@code file.alfa:12:7: expected '{' after policy name, found 'rule'}: the source name, the 1-based line and
 * column of the offending token, and what was expected or wrong.
 */
public final class AlfaException extends PolicyException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;
    private final String detail;

    AlfaException(String source, int line, int column, String detail) {
        super(source + ":" + line + ":" + column + ": " + detail);
        this.source = source;
        this.line = line;
        this.column = column;
        this.detail = detail;
    }

    AlfaException(Pos pos, String detail) {
        this(pos.source(), pos.line(), pos.column(), detail);
    }

    /** The source name (as given to the compiler, usually the file name). */
    public String source() {
        return source;
    }

    /** 1-based line. */
    public int line() {
        return line;
    }

    /** 1-based column. */
    public int column() {
        return column;
    }

    /** The message without its location. */
    public String detail() {
        return detail;
    }
}
