package io.coalition.trustedmining;

import io.coalition.eventlog.XesKeys;

import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Log Provider's usage policy (seed 000, section 3: the provider "holds its log and its usage policy"): which
 * analyses may run on its events, which event attributes may leave the organization (always the activity and
 * the timestamp, which mining needs), which cases may leave ({@link CaseSelection}), and which parties may
 * receive the result. A provider may hold several, as the grants of one policy (a file read by
 * {@code transport.UsagePolicyFile}): each requester is then served under the first grant that allows it.
 *
 * @param analyses         the analyses the miner may run; a session asking for another is refused
 * @param eventAttributes  event attribute keys released besides {@code concept:name} and {@code time:timestamp};
 *                         only plain values (string, date, int, float, boolean, id) are ever released
 * @param recipients       the parties the miner may return results to; a session for another requester is refused
 * @param cases            the cases released; the others are absent from the case index and every segment
 */
public record UsagePolicy(Set<Analysis> analyses, Set<String> eventAttributes, Set<String> recipients, CaseSelection cases) {
    /** Every case released. */
    public UsagePolicy(Set<Analysis> analyses, Set<String> eventAttributes, Set<String> recipients) {
        this(analyses, eventAttributes, recipients, CaseSelection.ALL);
    }

    public UsagePolicy {
        java.util.Objects.requireNonNull(cases, "cases");
        if (analyses.isEmpty()) throw new TrustedMiningException("usage policy: no analysis is allowed");
        if (recipients.isEmpty()) throw new TrustedMiningException("usage policy: no recipient is allowed");
        analyses = Set.copyOf(EnumSet.copyOf(analyses));
        TreeSet<String> keys = new TreeSet<>(eventAttributes);
        keys.add(XesKeys.CONCEPT_NAME);
        keys.add(XesKeys.TIME_TIMESTAMP);
        eventAttributes = Set.copyOf(keys);
        recipients = Set.copyOf(recipients);
    }

    /** Every analysis, only activity and timestamp released, results to {@code recipients}. */
    public static UsagePolicy minimal(Set<String> recipients) {
        return new UsagePolicy(EnumSet.allOf(Analysis.class), Set.of(), recipients);
    }

    public UsagePolicy withAnalyses(Set<Analysis> allowed) {
        return new UsagePolicy(allowed, eventAttributes, recipients, cases);
    }

    public UsagePolicy withEventAttributes(Set<String> keys) {
        return new UsagePolicy(analyses, keys, recipients, cases);
    }

    public UsagePolicy withCases(CaseSelection selection) {
        return new UsagePolicy(analyses, eventAttributes, recipients, selection);
    }
}
