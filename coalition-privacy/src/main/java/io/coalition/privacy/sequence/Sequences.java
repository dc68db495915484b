package io.coalition.privacy.sequence;

import io.coalition.eventlog.Attribute;
import io.coalition.eventlog.Event;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.Trace;
import io.coalition.eventlog.XesKeys;
import io.coalition.privacy.PrivacyException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Conversions between event logs and execution sequences.
 *
 * <p>Event attributes {@code in:NAME} and {@code out:NAME} are the input and output parameters of the invocation
 * (so web-service sequences round-trip through XES); other event attributes listed in {@code attributeKeys} become
 * output parameters of the activity (sequences derived from ordinary logs). The contributing organization is the
 * trace attribute {@code organizationKey}; without one (or when the key is null) every trace is its own contributor.
 */
public final class Sequences {
    public static final String INPUT_PREFIX = "in:";
    public static final String OUTPUT_PREFIX = "out:";

    private Sequences() {
    }

    /** The sequences of {@code log}, one per trace. */
    public static List<ExecutionSequence> fromLog(EventLog log, String organizationKey, Set<String> attributeKeys) {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(attributeKeys, "attributeKeys");
        List<ExecutionSequence> out = new ArrayList<>(log.traces().size());
        int index = 0;
        for (Trace t : log.traces()) {
            String org = null;
            if (organizationKey != null) {
                Object v = t.attributes().get(organizationKey);
                if (v == null) {
                    throw new PrivacyException("trace " + index + " (case " + t.caseId() + ") has no organization attribute '"
                            + organizationKey + "'");
                }
                org = v.toString();
            }
            if (org == null) org = "case:" + (t.caseId() == null ? Integer.toString(index) : t.caseId());
            List<Invocation> invs = new ArrayList<>(t.events().size());
            for (Event e : t.events()) {
                String name = e.activity();
                if (name == null) {
                    throw new PrivacyException("trace " + index + " (case " + t.caseId() + ") has an event without "
                            + XesKeys.CONCEPT_NAME);
                }
                Map<String, String> in = new LinkedHashMap<>();
                Map<String, String> outp = new LinkedHashMap<>();
                for (Attribute a : e.attributes()) {
                    String k = a.key();
                    if (k.startsWith(INPUT_PREFIX)) in.put(k.substring(INPUT_PREFIX.length()), String.valueOf(a.value()));
                    else if (k.startsWith(OUTPUT_PREFIX)) outp.put(k.substring(OUTPUT_PREFIX.length()), String.valueOf(a.value()));
                    else if (attributeKeys.contains(k)) outp.put(k, String.valueOf(a.value()));
                }
                invs.add(new Invocation(name, in, outp));
            }
            out.add(new ExecutionSequence(org, invs));
            index++;
        }
        return out;
    }

    /** An event log with one trace per sequence ({@code concept:name} = "seq-i"), parameters as in:/out: attributes. */
    public static EventLog toLog(List<ExecutionSequence> sequences) {
        List<Trace> traces = new ArrayList<>(sequences.size());
        int i = 0;
        for (ExecutionSequence s : sequences) {
            List<Event> events = new ArrayList<>(s.length());
            for (Invocation inv : s.invocations()) {
                List<Object> kv = new ArrayList<>();
                kv.add(XesKeys.CONCEPT_NAME);
                kv.add(inv.service());
                inv.inputs().forEach((k, v) -> {
                    kv.add(INPUT_PREFIX + k);
                    kv.add(v);
                });
                inv.outputs().forEach((k, v) -> {
                    kv.add(OUTPUT_PREFIX + k);
                    kv.add(v);
                });
                events.add(Event.of(kv.toArray()));
            }
            traces.add(Trace.of("seq-" + i++, events));
        }
        EventLog.Builder b = EventLog.builder();
        traces.forEach(b::trace);
        return b.build();
    }
}
