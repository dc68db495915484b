package io.coalition.trustedmining.ems;

import java.util.Comparator;

/**
 * The order in which every Log Provider serves its cases: ascending case ids by their UTF-8 bytes, which is the
 * order of their code points. {@link String#compareTo} compares UTF-16 units and differs from it for characters
 * above U+FFFF (U+FFFD sorts before U+1F600 here, after it there); database collations differ almost everywhere.
 */
public final class CanonicalOrder {
    /** Case ids by UTF-8 bytes (code points). */
    public static final Comparator<String> CASE_IDS = CanonicalOrder::compare;

    private CanonicalOrder() {
    }

    /** Negative, zero or positive as {@code a} sorts before, with or after {@code b} by UTF-8 bytes. */
    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) return Integer.compare(x, y);
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
