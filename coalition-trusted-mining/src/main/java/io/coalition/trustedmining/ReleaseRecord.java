package io.coalition.trustedmining;

import java.nio.charset.StandardCharsets;
import java.util.TreeSet;

/**
 * What a Log Provider releases of its source under its usage policy ("released N of M cases"). Its SHA-256 is
 * notarized with the provider's first release (in the same notary batch as the first case index, so it costs no
 * extra fsync and a provider that released nothing has notarized nothing), so the provider can later prove which
 * policy and counts it served under. The text names no withheld case, only their number; it stays with the
 * provider (audit log, {@code provider serve}'s output). Miners learn only the released counts, from the case index.
 *
 * <p>{@code listsFound} says how many ids of the policy's id lists matched a case ("withhold list: 19 of 20 ids
 * found"; empty without lists): a withheld id that matches nothing is most likely a typo.
 *
 * <p>The text is deterministic (no time, no session): a provider restarted on the same source and policy
 * notarizes the same hash, and the notary keeps its first receipt.
 */
public record ReleaseRecord(String text, String listsFound, int releasedCases, int totalCases, long releasedEvents,
                            long totalEvents) {
    static final String FORMAT = "coalition/trusted-mining release record v1";

    /**
     * The record of a provider that just planned its releases under {@code policy}, grant {@code grant} ("2 of 3")
     * of a policy with several, or "" for a policy of one grant (whose text has no grant line, as before grants).
     */
    static ReleaseRecord of(String organization, String source, String grant, UsagePolicy policy, String listsFound,
                            int releasedCases, int totalCases, long releasedEvents, long totalEvents) {
        String text = FORMAT + "\n"
                + "provider: " + organization + "\n"
                + (grant.isEmpty() ? "" : "grant: " + grant + "\n")
                + "source: " + source + "\n"
                + "cases: released " + releasedCases + " of " + totalCases + "\n"
                + "events: released " + releasedEvents + " of " + totalEvents + "\n"
                + "case selection: " + policy.cases().describe() + "\n"
                + (listsFound.isEmpty() ? "" : "id lists: " + listsFound + "\n")
                + "event attributes: " + String.join(",", new TreeSet<>(policy.eventAttributes())) + "\n"
                + "analyses: " + String.join(",", policy.analyses().stream().map(Analysis::id).sorted().toList()) + "\n"
                + "recipients: " + String.join(",", new TreeSet<>(policy.recipients())) + "\n";
        return new ReleaseRecord(text, listsFound, releasedCases, totalCases, releasedEvents, totalEvents);
    }

    /** The SHA-256 of the record's text (UTF-8), as notarized. */
    public byte[] sha256() {
        return LogProvider.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** One line: "released N of M cases (E of F events)". */
    public String summary() {
        return "released " + releasedCases + " of " + totalCases + " cases (" + releasedEvents + " of " + totalEvents + " events)";
    }
}
