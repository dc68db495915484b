package io.coalition.trustedmining.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coalition.trustedmining.Analysis;
import io.coalition.trustedmining.CaseSelection;
import io.coalition.trustedmining.TrustedMiningException;
import io.coalition.trustedmining.UsagePolicy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Log Provider's usage policy as a file ({@code provider serve --policy FILE}): what it releases, to whom, for
 * which analysis (seed 000), as a list of grants. A miner's session is served under the <b>first</b> grant that names
 * its requester and allows every analysis it asks for, with that grant's event attributes and cases; a session no
 * grant allows is refused. Format (paths relative to the file's folder; every field but {@code requesters} optional):
 * <pre>{@code
 * {"grants": [
 *   {"requesters": ["hospital"],
 *    "analyses": ["heuristics", "dfg"],            (default: every analysis)
 *    "eventAttributes": ["org:resource"],          (besides concept:name and time:timestamp; default: none)
 *    "cases": {                                    (default: every case; all conditions must hold)
 *      "releaseFile": "ids.txt", "withholdFile": "withheld.txt",
 *      "startedFrom": "2022-02-01", "startedUntil": "2022-03-01T00:00:00Z",
 *      "attributes": {"department": ["cardiology", "surgery"]},
 *      "ranges": {"age": "18..65", "admitted": "2024-01-01..2024-06-30"}}},
 *   {"requesters": ["insurer"], "analyses": ["dfg"], "cases": {"ranges": {"amount": "..1000"}}}
 * ]}
 * }</pre>
 * The conditions mean what {@code provider serve}'s case options mean ({@link CaseSelection}). Unknown fields are
 * refused (a misspelt {@code "withholdFlie"} would otherwise release what it was meant to withhold), and so is a grant
 * that an earlier one shadows for every requester and analysis it names (it could never be used). Errors name the
 * file and the field ({@code policy.json: grants[1].cases.ranges.age: 'x' is not a number}).
 */
public final class UsagePolicyFile {
    private static final Set<String> GRANT_FIELDS = new LinkedHashSet<>(List.of("requesters", "analyses", "eventAttributes", "cases"));
    private static final Set<String> CASE_FIELDS = new LinkedHashSet<>(List.of("releaseFile", "withholdFile", "startedFrom",
            "startedUntil", "attributes", "ranges"));

    private UsagePolicyFile() {
    }

    /** The grants of the policy in {@code file}, in order. */
    public static List<UsagePolicy> read(Path file) {
        ArrayNode list = Wire.listFile(file, "grants");
        Path base = file.toAbsolutePath().getParent();
        List<UsagePolicy> grants = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = file + ": grants[" + i + "]";
            if (!(list.get(i) instanceof ObjectNode o)) throw new TrustedMiningException(where + ": expected an object");
            UsagePolicy grant = grant(o, where, base);
            if (!grants.isEmpty() && shadowedBy(grant, grants)) {
                throw new TrustedMiningException(where + " is never used: earlier grants come first for every requester"
                        + " and analysis it names (put the narrower grant first)");
            }
            grants.add(grant);
        }
        return List.copyOf(grants);
    }

    /** Whether every session {@code grant} allows is served by one of {@code earlier} (first match wins). */
    static boolean shadowedBy(UsagePolicy grant, List<UsagePolicy> earlier) {
        for (String requester : grant.recipients()) {
            boolean served = earlier.stream().anyMatch(e -> e.recipients().contains(requester)
                    && e.analyses().containsAll(grant.analyses()));
            if (!served) return false;
        }
        return true;
    }

    private static UsagePolicy grant(ObjectNode o, String where, Path base) {
        Wire.onlyKnownFields(o, GRANT_FIELDS, where);
        Set<String> requesters = strings(o, "requesters", where, true);
        Set<Analysis> analyses = EnumSet.allOf(Analysis.class);
        if (o.has("analyses")) {
            analyses = EnumSet.noneOf(Analysis.class);
            for (String name : strings(o, "analyses", where, true)) {
                try {
                    analyses.add(Analysis.parse(name));
                } catch (TrustedMiningException e) {
                    throw new TrustedMiningException(where + ".analyses: " + e.getMessage());
                }
            }
        }
        Set<String> attributes = o.has("eventAttributes") ? strings(o, "eventAttributes", where, false) : Set.of();
        CaseSelection cases = CaseSelection.ALL;
        if (o.has("cases")) {
            if (!(o.get("cases") instanceof ObjectNode c)) throw new TrustedMiningException(where + ".cases: expected an object");
            cases = cases(c, where + ".cases", base);
        }
        return new UsagePolicy(analyses, attributes, requesters, cases);
    }

    private static CaseSelection cases(ObjectNode o, String where, Path base) {
        Wire.onlyKnownFields(o, CASE_FIELDS, where);
        CaseSelection s = CaseSelection.ALL;
        try {
            if (o.has("releaseFile")) {
                s = s.withRelease(CaseSelection.readIds(where + ".releaseFile", base.resolve(text(o, "releaseFile", where))));
            }
            if (o.has("withholdFile")) {
                s = s.withWithhold(CaseSelection.readIds(where + ".withholdFile", base.resolve(text(o, "withholdFile", where))));
            }
        } catch (java.nio.file.InvalidPathException e) {
            throw new TrustedMiningException(where + ": not a file path: " + e.getMessage());
        }
        Instant from = o.has("startedFrom") ? time(o, "startedFrom", where) : null;
        Instant until = o.has("startedUntil") ? time(o, "startedUntil", where) : null;
        if (from != null && until != null && !from.isBefore(until)) {
            throw new TrustedMiningException(where + ": startedFrom " + from + " is not before startedUntil " + until);
        }
        if (from != null || until != null) s = s.withStart(from, until);
        if (o.has("attributes")) {
            if (!(o.get("attributes") instanceof ObjectNode attributes) || attributes.isEmpty()) {
                throw new TrustedMiningException(where + ".attributes: expected an object of KEY: [VALUE, ...]");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                s = s.withAttribute(e.getKey(), strings(attributes, e.getKey(), where + ".attributes", true));
            }
        }
        if (o.has("ranges")) {
            if (!(o.get("ranges") instanceof ObjectNode ranges) || ranges.isEmpty()) {
                throw new TrustedMiningException(where + ".ranges: expected an object of KEY: \"MIN..MAX\"");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = ranges.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = where + ".ranges." + e.getKey();
                if (!e.getValue().isTextual()) throw new TrustedMiningException(at + ": expected a string \"MIN..MAX\"");
                try {
                    s = s.withRange(e.getKey(), CaseSelection.ValueRange.parse(e.getValue().asText()));
                } catch (TrustedMiningException x) {
                    throw new TrustedMiningException(at + ": " + x.getMessage().replace("case selection: ", ""));
                }
            }
        }
        return s;
    }

    private static Instant time(ObjectNode o, String field, String where) {
        try {
            return CaseSelection.parseTime(text(o, field, where));
        } catch (TrustedMiningException e) {
            throw new TrustedMiningException(where + "." + field + ": " + e.getMessage());
        }
    }

    private static String text(ObjectNode o, String field, String where) {
        JsonNode n = o.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new TrustedMiningException(where + "." + field + ": expected a non-empty string");
        }
        return n.asText();
    }

    /** A JSON array of non-empty strings; {@code nonEmpty}: at least one. */
    private static Set<String> strings(ObjectNode o, String field, String where, boolean nonEmpty) {
        String at = where + "." + field;
        if (!(o.get(field) instanceof ArrayNode a) || (nonEmpty && a.isEmpty())) {
            throw new TrustedMiningException(at + ": expected " + (nonEmpty ? "a non-empty" : "an") + " array of strings");
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).isTextual() || a.get(i).asText().isBlank()) {
                throw new TrustedMiningException(at + "[" + i + "]: expected a non-empty string");
            }
            if (!out.add(a.get(i).asText().strip())) {
                throw new TrustedMiningException(at + "[" + i + "]: '" + a.get(i).asText().strip() + "' is listed twice");
            }
        }
        return out;
    }
}
