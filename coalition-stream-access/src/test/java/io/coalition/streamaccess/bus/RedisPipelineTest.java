package io.coalition.streamaccess.bus;

import io.coalition.eventlog.ProgressListener;
import io.coalition.eventlog.TestData;
import io.coalition.streamaccess.filter.DynamicFilter;
import io.coalition.streamaccess.policy.RequesterPolicy;
import io.coalition.streamaccess.policy.StreamPolicies;
import io.coalition.streamaccess.rdf.ProcessTriple;
import io.coalition.streamaccess.rdf.XesToRdf;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter pipeline fed from Redis gives every requester exactly what it gives them fed from the embedded bus:
 * the first 300 cases of BPI Challenge 2012 (about 60,000 triples) in the seed's blocks of 10, through six
 * requesters' dynamic filters (deny, deny + Alternative, replace-all, two obligations, allow, allow + Alternative).
 */
class RedisPipelineTest {
    static final Path POLICIES = Path.of("src/main/resources/io/coalition/streamaccess/policies/bpic2012");
    static final int CASES = 300;

    @Test
    void everyRequesterReceivesTheSameStreamFromRedisAsFromTheEmbeddedBus() throws Exception {
        String redis = RedisBackend.url();
        Path xes = TestData.require("xes/bpic2012.xes.gz");
        List<ProcessTriple> triples = new ArrayList<>();
        int[] cases = {0};
        try {
            XesToRdf.bpic2012().stream(xes, ProgressListener.NONE, block -> {
                if (cases[0]++ == CASES) throw new Enough();
                triples.addAll(block);
            });
        } catch (Enough done) {
            // the first CASES cases
        }
        List<RequesterPolicy> policies = new ArrayList<>();
        try (StreamPolicies sp = StreamPolicies.load(POLICIES)) {
            for (String role : List.of("process-analyst-scaled", "amount-auditor", "agent-masker", "resource-hider",
                    "activity-auditor", "pseudonym-auditor")) {
                policies.add(sp.forRequester(role, StreamPolicies.request("bpic2012.xes.gz", Map.of("role", role))));
            }
        }
        Map<String, List<ProcessTriple>> embedded = run(new InMemoryStreamBus(64), policies, triples);
        String stream = "pipeline-" + UUID.randomUUID();
        Map<String, List<ProcessTriple>> fromRedis;
        try {
            fromRedis = run(RedisStreamBus.connect(redis, stream, 64), policies, triples);
        } finally {
            io.lettuce.core.RedisClient c = io.lettuce.core.RedisClient.create(redis);
            try (var conn = c.connect()) {
                var keys = conn.sync().keys("coalition:stream-access:{" + stream + "}*");
                if (!keys.isEmpty()) conn.sync().del(keys.toArray(String[]::new));
            } finally {
                c.shutdown();
            }
        }

        assertThat(triples).hasSizeGreaterThan(55_000);
        for (RequesterPolicy p : policies) {
            String who = p.requester();
            // the same triples in the same order: same releases, same decision points
            assertThat(fromRedis.get(who)).as(who).isEqualTo(embedded.get(who));
        }
        assertThat(embedded.get("resource-hider").size()).isLessThan(triples.size() - 1000);
        assertThat(embedded.get("activity-auditor").size()).isLessThan(triples.size() / 5).isGreaterThan(1000);
    }

    private static Map<String, List<ProcessTriple>> run(StreamBus bus, List<RequesterPolicy> policies,
                                                        List<ProcessTriple> triples) throws InterruptedException {
        Map<String, List<ProcessTriple>> out = new LinkedHashMap<>();
        List<StreamBus.Subscription> subs = new ArrayList<>();
        try (bus) {
            for (RequesterPolicy p : policies) {
                List<ProcessTriple> seen = Collections.synchronizedList(new ArrayList<>());
                out.put(p.requester(), seen);
                DynamicFilter f = new DynamicFilter(p, seen::add);
                subs.add(bus.subscribe(p.requester(), new StreamBus.Subscriber() {
                    @Override
                    public void block(List<ProcessTriple> block) {
                        block.forEach(f::accept);
                    }

                    @Override
                    public void end() {
                        f.finish();
                    }
                }));
            }
            new LogReplayer(10, Duration.ZERO).replay(triples, bus);
        }
        for (StreamBus.Subscription s : subs) {
            s.awaitEnd();
            assertThat(s.failure()).isNull();
        }
        return out;
    }

    private static final class Enough extends RuntimeException {
        Enough() {
            super(null, null, false, false);
        }
    }
}
