package io.coalition.mining.alpha;

import io.coalition.mining.log.IndexedLog;

import java.util.List;

/**
 * The footprint of a log (van der Aalst, Weijters, Maruster 2004, Def. 3.2): for each ordered pair of activities
 * whether a causally precedes b (a&gt;b and not b&gt;a), follows it, they are parallel (both), or unrelated
 * (neither, written #). Activities are ordered as in the {@link IndexedLog}.
 */
public final class Footprint {
    /** The relation of a pair (a, b). */
    public enum Relation {
        CAUSAL("->"), REVERSE("<-"), PARALLEL("||"), CHOICE("#");

        private final String symbol;

        Relation(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    private final List<String> activities;
    private final boolean[] follows;
    private final boolean[] start;
    private final boolean[] end;
    private final int n;

    private Footprint(List<String> activities, boolean[] follows, boolean[] start, boolean[] end) {
        this.activities = activities;
        this.follows = follows;
        this.start = start;
        this.end = end;
        this.n = activities.size();
    }

    public static Footprint of(IndexedLog log) {
        int n = log.activityCount();
        boolean[] f = new boolean[n * n];
        boolean[] s = new boolean[n];
        boolean[] e = new boolean[n];
        for (IndexedLog.Variant v : log.variants()) {
            int[] t = v.activities();
            if (t.length == 0) continue;
            s[t[0]] = true;
            e[t[t.length - 1]] = true;
            for (int j = 1; j < t.length; j++) f[t[j - 1] * n + t[j]] = true;
        }
        return new Footprint(log.activities(), f, s, e);
    }

    public List<String> activities() {
        return activities;
    }

    /** a &gt; b: b directly follows a somewhere in the log. */
    public boolean directlyFollows(int a, int b) {
        return follows[a * n + b];
    }

    public Relation relation(int a, int b) {
        boolean ab = follows[a * n + b];
        boolean ba = follows[b * n + a];
        if (ab && ba) return Relation.PARALLEL;
        if (ab) return Relation.CAUSAL;
        if (ba) return Relation.REVERSE;
        return Relation.CHOICE;
    }

    public Relation relation(String a, String b) {
        return relation(activities.indexOf(a), activities.indexOf(b));
    }

    public boolean isStart(int a) {
        return start[a];
    }

    public boolean isEnd(int a) {
        return end[a];
    }

    /** The footprint matrix as text, one row per activity, e.g. for debugging and reports. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int a = 0; a < n; a++) {
            sb.append(activities.get(a)).append(':');
            for (int b = 0; b < n; b++) sb.append(' ').append(relation(a, b).symbol());
            sb.append('\n');
        }
        return sb.toString();
    }
}
