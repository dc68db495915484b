package io.coalition.eventlog.simulation;

import io.coalition.eventlog.EventLog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a simulation: one event log per organization, each holding only that organization's view
 * of the shared cases, which is the input of inter-organizational mining (no party sees the whole process).
 */
public final class SimulationResult {
    private final Map<String, EventLog> logs;
    private final int cases;

    SimulationResult(Map<String, EventLog> logs, int cases) {
        this.logs = Collections.unmodifiableMap(new LinkedHashMap<>(logs));
        this.cases = cases;
    }

    /** The organization ids, in the scenario's order. */
    public List<String> organizations() {
        return List.copyOf(logs.keySet());
    }

    /** The log of organization {@code orgId}. */
    public EventLog log(String orgId) {
        EventLog log = logs.get(orgId);
        if (log == null) {
            throw new IllegalArgumentException("unknown organization \"" + orgId + "\" (known: "
                    + String.join(", ", logs.keySet()) + ")");
        }
        return log;
    }

    /** All logs by organization id, in the scenario's order. */
    public Map<String, EventLog> logs() {
        return logs;
    }

    /** The number of cases simulated (a case may be missing from organizations it never reached). */
    public int cases() {
        return cases;
    }
}
