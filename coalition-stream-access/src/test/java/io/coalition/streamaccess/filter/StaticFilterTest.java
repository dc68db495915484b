package io.coalition.streamaccess.filter;

import io.coalition.eventlog.ProgressListener;
import io.coalition.eventlog.TestData;
import io.coalition.streamaccess.StreamAccess;
import io.coalition.streamaccess.policy.RequesterPolicy;
import io.coalition.streamaccess.policy.StreamPolicies;
import io.coalition.streamaccess.rdf.ProcessTriple;
import io.coalition.streamaccess.rdf.XesToRdf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class StaticFilterTest {
    @TempDir
    Path tmp;

    /** The baseline does more work for the same result: both equal on the first 1000 BPIC 2012 cases, every role. */
    @Test
    void staticBaselineGivesTheDynamicFiltersResult() {
        Path xes = TestData.require("xes/bpic2012.xes.gz");
        try (StreamPolicies sp = StreamPolicies.load(StreamAccess.writeExamplePolicies(tmp))) {
            for (String role : StreamAccess.EXAMPLE_ROLES) {
                RequesterPolicy p = sp.forRequester(role, StreamPolicies.request("bpic2012", Map.of("role", role)));
                Set<ProcessTriple> dynamic = new HashSet<>();
                Set<ProcessTriple> baseline = new HashSet<>();
                DynamicFilter d = new DynamicFilter(p, dynamic::add);
                StaticFilter s = new StaticFilter(p, baseline::add);
                int[] cases = {0};
                try {
                    XesToRdf.bpic2012().stream(xes, ProgressListener.NONE, block -> {
                        if (cases[0]++ == 1000) throw new IllegalStateException("enough");
                        block.forEach(d::accept);
                        block.forEach(s::accept);
                    });
                } catch (IllegalStateException enough) {
                    // the first 1000 cases
                }
                d.finish();
                s.finish();
                assertThat(baseline).as(role).isEqualTo(dynamic);
                assertThat(dynamic).as(role).isNotEmpty();
            }
        }
    }
}
