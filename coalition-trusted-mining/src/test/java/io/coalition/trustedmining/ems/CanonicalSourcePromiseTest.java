package io.coalition.trustedmining.ems;

import io.coalition.eventlog.Event;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.Trace;
import io.coalition.trustedmining.SimulatedDeployment;
import io.coalition.trustedmining.TrustedMiningException;
import io.coalition.trustedmining.UsagePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A source that promises canonical order is checked, not trusted: the provider refuses to start when it breaks it. */
class CanonicalSourcePromiseTest {
    @TempDir
    Path tmp;

    /** The log's traces as they are, claiming canonical order. */
    static EventSource promising(String... ids) {
        EventLog.Builder b = EventLog.builder();
        for (String id : ids) b.trace(Trace.of(id, List.of(Event.of("concept:name", "x", "time:timestamp", Instant.EPOCH))));
        EventSource log = EventSource.of(b.build());
        return new EventSource() {
            @Override
            public String describe() {
                return "test source";
            }

            @Override
            public int caseCount() {
                return log.caseCount();
            }

            @Override
            public void read(int from, Predicate<Trace> visitor) {
                log.read(from, visitor);
            }

            @Override
            public boolean canonical() {
                return true;
            }
        };
    }

    private SimulatedDeployment start(EventSource source) {
        return SimulatedDeployment.startWithSources(Map.of("lab", source), UsagePolicy.minimal(Set.of("lab")), 4096, tmp);
    }

    @Test
    void sourceInCanonicalOrderIsServed() {
        try (SimulatedDeployment d = start(promising("10", "9", "A", "a", "\uFFFD", "\uD83D\uDE00"))) {
            assertThat(d.providers().get(0).eventCount()).isEqualTo(6);
        }
    }

    @Test
    void caseOutOfCanonicalOrderStopsTheProvider() {
        // UTF-16 order, which String.compareTo gives: U+1F600 (a surrogate pair) before U+FFFD
        assertThatThrownBy(() -> start(promising("a", "\uD83D\uDE00", "\uFFFD")))
                .isExactlyInstanceOf(TrustedMiningException.class)
                .hasMessage("provider lab: test source promised its cases in canonical order, but case \uFFFD came after case \uD83D\uDE00");
    }

    @Test
    void repeatedCaseStopsTheProvider() {
        assertThatThrownBy(() -> start(promising("a", "b", "b")))
                .isExactlyInstanceOf(TrustedMiningException.class)
                .hasMessage("provider lab: case b occurs twice in its log");
    }
}
