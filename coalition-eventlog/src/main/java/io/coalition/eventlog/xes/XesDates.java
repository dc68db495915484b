package io.coalition.eventlog.xes;

import java.time.Instant;

/**
 * Parses and formats XES dates ({@code xs:dateTime}) without {@code java.time}'s formatter, whose generality made
 * it the largest single cost of reading a log.
 *
 * <p>Accepted: {@code YYYY-MM-DDThh:mm:ss}, an optional fraction of 1 to 9 digits, and an optional zone
 * ({@code Z}, {@code ±hh:mm}, {@code ±hhmm} or {@code ±hh}). A date without a zone is read as UTC: XES gives no
 * default, and UTC keeps a log's instants independent of the reading machine.
 */
public final class XesDates {
    static final String EXPECTED = "YYYY-MM-DDThh:mm:ss[.fraction][Z|±hh:mm]";

    private XesDates() {
    }

    /** The instant written by {@code text}; {@link IllegalArgumentException} naming the text when it is none. */
    public static Instant parse(String text) {
        Instant result = tryParse(text);
        if (result == null) {
            throw new IllegalArgumentException("'" + text + "' is not an xs:dateTime (expected " + EXPECTED + ")");
        }
        return result;
    }

    /** The instant written by {@code s}, or {@code null} when it is not a date. */
    static Instant tryParse(String s) {
        int n = s.length();
        int i = 0;
        boolean negativeYear = false;
        if (n > 0 && s.charAt(0) == '-') {
            negativeYear = true;
            i = 1;
        }
        int yearStart = i;
        while (i < n && isDigit(s.charAt(i))) i++;
        int yearDigits = i - yearStart;
        if (yearDigits < 4 || yearDigits > 9) return null;
        int year = digits(s, yearStart, i);
        if (negativeYear) year = -year;
        // -MM-DDThh:mm:ss is 15 characters after the year
        if (n < i + 15) return null;
        if (s.charAt(i) != '-' || s.charAt(i + 3) != '-' || s.charAt(i + 9) != ':' || s.charAt(i + 12) != ':') {
            return null;
        }
        char t = s.charAt(i + 6);
        if (t != 'T' && t != 't') return null;
        int month = twoDigits(s, i + 1);
        int day = twoDigits(s, i + 4);
        int hour = twoDigits(s, i + 7);
        int minute = twoDigits(s, i + 10);
        int second = twoDigits(s, i + 13);
        if (month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return null;
        if (hour > 23 || minute > 59 || second > 59) return null;
        i += 15;
        int nanos = 0;
        if (i < n && s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && isDigit(s.charAt(i))) i++;
            int count = i - start;
            if (count == 0) return null;
            int significant = Math.min(count, 9);
            nanos = digits(s, start, start + significant);
            for (int k = significant; k < 9; k++) nanos *= 10;
        }
        int offsetSeconds = 0;
        if (i < n) {
            char z = s.charAt(i);
            if (z == 'Z' || z == 'z') {
                i++;
            } else if (z == '+' || z == '-') {
                int oh = i + 3 <= n ? twoDigits(s, i + 1) : -1;
                if (oh < 0 || oh > 14) return null;
                int om = 0;
                int end = i + 3;
                if (end < n && s.charAt(end) == ':') {
                    om = end + 3 <= n ? twoDigits(s, end + 1) : -1;
                    end += 3;
                } else if (end + 2 <= n) {
                    om = twoDigits(s, end);
                    end += 2;
                }
                if (om < 0 || om > 59) return null;
                offsetSeconds = (oh * 3600 + om * 60) * (z == '-' ? -1 : 1);
                i = end;
            } else {
                return null;
            }
        }
        if (i != n) return null;
        if (month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)) return null;
        long epochDay = epochDay(year, month, day);
        long epochSecond = epochDay * 86400 + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /** {@code instant} in UTC with as many fraction digits as it needs (0, 3, 6 or 9): exact for any instant. */
    public static String format(Instant instant) {
        return instant.toString();
    }

    private static int lengthOfMonth(int year, int month) {
        switch (month) {
            case 2:
                return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28;
            case 4: case 6: case 9: case 11:
                return 30;
            default:
                return 31;
        }
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
    static long epochDay(long year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int twoDigits(String s, int at) {
        char a = s.charAt(at);
        char b = s.charAt(at + 1);
        if (!isDigit(a) || !isDigit(b)) return -1;
        return (a - '0') * 10 + (b - '0');
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int k = from; k < to; k++) v = v * 10 + (s.charAt(k) - '0');
        return v;
    }
}
