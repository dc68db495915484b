package io.coalition.policy.alfa;

/** A position in an ALFA source: its name, 1-based line and column. */
record Pos(String source, int line, int column) {
    @Override
    public String toString() {
        return source + ":" + line + ":" + column;
    }
}
