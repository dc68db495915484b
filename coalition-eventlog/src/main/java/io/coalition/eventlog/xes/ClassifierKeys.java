package io.coalition.eventlog.xes;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code keys} of an XES classifier: keys separated by white space, where a key that contains spaces is
 * written in single quotes ({@code keys="'Event Name' org:resource"}).
 */
final class ClassifierKeys {
    private ClassifierKeys() {
    }

    static List<String> parse(String text) {
        List<String> keys = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'') {
                int end = text.indexOf('\'', i + 1);
                if (end < 0) end = n;
                keys.add(text.substring(i + 1, end));
                i = end + 1;
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(text.charAt(i))) i++;
                keys.add(text.substring(start, i));
            }
        }
        return keys;
    }

    /** The inverse of {@link #parse}: keys joined by spaces, quoted where they contain white space. */
    static String format(List<String> keys) {
        StringBuilder sb = new StringBuilder();
        for (String k : keys) {
            if (sb.length() > 0) sb.append(' ');
            boolean quote = k.isEmpty() || k.chars().anyMatch(Character::isWhitespace);
            sb.append(quote ? "'" + k + "'" : k);
        }
        return sb.toString();
    }
}
