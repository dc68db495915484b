package io.coalition.trustedmining.transport;

import io.coalition.eventlog.Attributes;
import io.coalition.eventlog.Event;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.Trace;
import io.coalition.trustedmining.TrustedMiningException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MergeKeyTest {
    static final List<Event> EVENTS = List.of(Event.of("concept:name", "Admit"));

    @Test
    void rekeysTracesByTheMergeAttribute() {
        EventLog log = EventLog.builder()
                .trace(new Trace(Attributes.of("concept:name", "local-1", "patient", "P-7"), EVENTS))
                .trace(new Trace(Attributes.of("concept:name", "local-2", "patient", "P-9"), EVENTS)).build();
        EventLog keyed = MergeKey.apply(log, "patient", "clinic.xes");
        assertThat(keyed.traces()).extracting(Trace::caseId).containsExactly("P-7", "P-9");
        assertThat(keyed.traces().get(0).events()).isEqualTo(EVENTS);
        assertThat(MergeKey.apply(log, "concept:name", "clinic.xes")).isSameAs(log);
    }

    @Test
    void traceWithoutTheMergeAttributeIsRefusedNamingIt() {
        EventLog log = EventLog.builder()
                .trace(new Trace(Attributes.of("concept:name", "local-1", "patient", "P-7"), EVENTS))
                .trace(new Trace(Attributes.of("concept:name", "local-2"), EVENTS)).build();
        assertThatThrownBy(() -> MergeKey.apply(log, "patient", "clinic.xes"))
                .isInstanceOf(TrustedMiningException.class)
                .hasMessage("clinic.xes: trace 2 (local-2) has no attribute 'patient' (the merge key)");
    }
}
