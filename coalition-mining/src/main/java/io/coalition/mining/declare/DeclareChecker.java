package io.coalition.mining.declare;

import java.util.Arrays;

/**
 * Evaluates constraints on one trace (activity ids of an {@code IndexedLog}; an activity the log lacks has
 * id -1 and never occurs). Violation follows CONFINE's {@code declareConformance.go} exactly, including
 * its quirk that succession is violated when either activity is missing, even when both are. Activation
 * follows pm4py's Declare discovery (the source of CONFINE's JSON models; the supports in
 * declareModelSepsis.json pin it down): existence, absence and init are activated by every trace;
 * exactly-one, responded existence and the response family by {@code a}; the precedence family only by
 * traces with both {@code a} and {@code b}; coexistence, non-coexistence and the succession family by
 * {@code a} or {@code b}.
 */
public final class DeclareChecker {
    private final int[] trace;
    private final int[] count;
    private final int[] first;
    private final int[] last;

    /** Prepares {@code trace} (ids in {@code [0, activityCount)}) for any number of checks. */
    public DeclareChecker(int[] trace, int activityCount) {
        this.trace = trace;
        this.count = new int[activityCount];
        this.first = new int[activityCount];
        this.last = new int[activityCount];
        Arrays.fill(first, -1);
        for (int i = 0; i < trace.length; i++) {
            int a = trace[i];
            if (count[a]++ == 0) first[a] = i;
            last[a] = i;
        }
    }

    private boolean has(int a) {
        return a >= 0 && count[a] > 0;
    }

    /** Whether the trace activates constraint {@code t(a, b)} (see the class comment). */
    public boolean activated(DeclareTemplate t, int a, int b) {
        return switch (t) {
            case EXISTENCE, ABSENCE, INIT -> true;
            case EXACTLY_ONE, RESPONDED_EXISTENCE, RESPONSE, ALTRESPONSE, CHAINRESPONSE -> has(a);
            case PRECEDENCE, ALTPRECEDENCE, CHAINPRECEDENCE -> has(a) && has(b);
            case COEXISTENCE, NONCOEXISTENCE, SUCCESSION, ALTSUCCESSION, CHAINSUCCESSION -> has(a) || has(b);
        };
    }

    /** Whether the trace violates constraint {@code t(a, b)}, as CONFINE decides it. */
    public boolean violated(DeclareTemplate t, int a, int b) {
        return switch (t) {
            case EXISTENCE -> !has(a);
            case ABSENCE -> has(a);
            case EXACTLY_ONE -> a < 0 || count[a] != 1;
            case INIT -> trace.length == 0 || trace[0] != a;
            case RESPONDED_EXISTENCE -> has(a) && !has(b);
            case COEXISTENCE -> has(a) != has(b);
            case NONCOEXISTENCE -> has(a) && has(b);
            case RESPONSE -> has(a) && (!has(b) || last[a] > last[b]);
            case PRECEDENCE -> has(b) && (!has(a) || first[a] > first[b]);
            case SUCCESSION -> !has(a) || !has(b) || first[a] > first[b] || last[a] > last[b];
            case ALTRESPONSE -> !alternates(a, b, Trim.UNTIL_FIRST_A, false);
            case CHAINRESPONSE -> !alternates(a, b, Trim.UNTIL_FIRST_A, true);
            case ALTPRECEDENCE -> !alternates(a, b, Trim.UNTIL_SECOND_B, false);
            case CHAINPRECEDENCE -> !alternates(a, b, Trim.UNTIL_SECOND_B, true);
            case ALTSUCCESSION -> !alternates(a, b, Trim.NONE, false);
            case CHAINSUCCESSION -> !alternates(a, b, Trim.NONE, true);
        };
    }

    private enum Trim { NONE, UNTIL_FIRST_A, UNTIL_SECOND_B }

    /**
     * CONFINE's alternate/chain test: the occurrences of {@code a} and {@code b} in position order (an
     * activity equal to both appears twice) must read a, b, a, b, ... with every a directly followed by a b
     * (for chains at the next position). The response variants first skip everything before the first
     * {@code a}; the precedence variants drop leading entries until the second one is a {@code b}.
     */
    private boolean alternates(int a, int b, Trim trim, boolean chain) {
        int n = (has(a) ? count[a] : 0) + (has(b) ? count[b] : 0);
        if (n == 0) return true;
        int[] act = new int[n];
        int[] pos = new int[n];
        int k = 0;
        for (int i = 0; i < trace.length; i++) {
            // equal positions are ordered by activity name in CONFINE; that only happens when a == b
            if (trace[i] == a) { act[k] = a; pos[k++] = i; }
            if (trace[i] == b) { act[k] = b; pos[k++] = i; }
        }
        int start = 0;
        if (trim == Trim.UNTIL_FIRST_A) {
            while (start < n && act[start] != a) start++;
        } else if (trim == Trim.UNTIL_SECOND_B) {
            while (n - start > 1 && act[start + 1] != b) start++;
        }
        for (int i = start; i < n; i += 2) {
            if (act[i] != a || i == n - 1 || act[i + 1] != b) return false;
            if (chain && pos[i + 1] != pos[i] + 1) return false;
        }
        return true;
    }
}
