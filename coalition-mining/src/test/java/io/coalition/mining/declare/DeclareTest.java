package io.coalition.mining.declare;

import io.coalition.eventlog.EventLogException;
import io.coalition.mining.TestLogs;
import io.coalition.mining.log.IndexedLog;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeclareTest {
    private static DeclareModel json(String s) {
        return DeclareJson.read(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)), "m.json");
    }

    @Test
    void jsonRoundTrip() {
        DeclareModel m = json("{\"response\": {\"a<<AND>>b\": {\"support\": 3, \"confidence\": 2}},"
                + " \"init\": {\"a\": {\"support\": 3, \"confidence\": 3}}}");
        assertThat(m.constraints()).containsExactly(DeclareConstraint.unary(DeclareTemplate.INIT, "a"),
                DeclareConstraint.binary(DeclareTemplate.RESPONSE, "a", "b"));
        assertThat(json(DeclareJson.toString(m))).isEqualTo(m);
    }

    @Test
    void badInputIsLocated() {
        assertThatThrownBy(() -> json("{\"nonsuccession\": {}}")).isInstanceOf(EventLogException.class)
                .hasMessageContaining("nonsuccession");
        assertThatThrownBy(() -> json("{\"response\": {\"a\": {\"support\": 1}}}"))
                .isInstanceOf(EventLogException.class).hasMessageContaining("response/a");
        assertThatThrownBy(() -> json("{\"response\": ")).isInstanceOf(EventLogException.class);
    }

    @Test
    void conformanceCountsAndFitness() {
        IndexedLog log = TestLogs.parse("<a,b,c> <a,c> <b,a>");
        DeclareModel m = DeclareModel.builder()
                .add(DeclareConstraint.binary(DeclareTemplate.RESPONSE, "a", "b"))
                .add(DeclareConstraint.binary(DeclareTemplate.CHAINRESPONSE, "a", "b"))
                .add(DeclareConstraint.unary(DeclareTemplate.INIT, "a"))
                .add(DeclareConstraint.binary(DeclareTemplate.SUCCESSION, "a", "c")).build();
        DeclareConformance.LogResult r = DeclareConformance.check(log, m);
        assertThat(r.traces().get(0).violations()).isZero();
        assertThat(r.traces().get(1).violations()).isEqualTo(2); // response, chainresponse
        assertThat(r.traces().get(2).violations()).isEqualTo(4); // response, chain, init, succession (no c)
        assertThat(r.traces().get(2).fitness()).isEqualTo(0.0);
        assertThat(r.fittingTraces()).isEqualTo(1);
        assertThat(r.constraints().get(DeclareConstraint.binary(DeclareTemplate.RESPONSE, "a", "b")))
                .isEqualTo(new DeclareConformance.ConstraintResult(3, 1, 2));
    }

    @Test
    void discoveryThresholds() {
        IndexedLog log = TestLogs.parse("<a,b>^4 <a>");
        DeclareModel m = DeclareDiscovery.discover(log, 0.8, 0.8);
        assertThat(m.measures(DeclareConstraint.binary(DeclareTemplate.RESPONSE, "a", "b")))
                .isEqualTo(new DeclareModel.Measures(5, 4));
        assertThat(m.contains(DeclareConstraint.unary(DeclareTemplate.INIT, "a"))).isTrue();
        assertThat(DeclareDiscovery.discover(log, 0.8, 0.9)
                .contains(DeclareConstraint.binary(DeclareTemplate.RESPONSE, "a", "b"))).isFalse();
    }
}
