package io.coalition.eventlog.simulation;

import io.coalition.eventlog.Classifier;
import io.coalition.eventlog.Event;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.Extension;
import io.coalition.eventlog.Trace;
import io.coalition.eventlog.XesKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SimulatorTest {

    private static final int CASES = 2000;
    private static SimulationResult result;
    private static final List<long[]> bookings = new ArrayList<>();
    private static final List<String> bookingKeys = new ArrayList<>();

    @BeforeAll
    static void simulate() {
        result = new Simulator(Scenario.builtIn("healthcare"), 42)
                .onBooking((org, resource, start, end) -> {
                    bookingKeys.add(org + "/" + resource);
                    bookings.add(new long[] {start, end});
                })
                .run(CASES);
    }

    @Test
    void builtInScenario() {
        Scenario s = Scenario.builtIn("healthcare");
        assertThat(Scenario.builtInNames()).containsExactly("healthcare");
        assertThat(s.name()).isEqualTo("healthcare");
        assertThat(s.description()).contains("hospital");
        assertThat(s.organizations()).extracting(Scenario.Organization::id)
                .containsExactly("hospital", "clinic", "lab", "insurer");
        assertThatThrownBy(() -> Scenario.builtIn("retail"))
                .hasMessage("retail.json: no built-in scenario \"retail\" (known: healthcare)");
    }

    @Test
    void sameSeedSameLogsOtherSeedOtherLogs() {
        Scenario s = Scenario.builtIn("healthcare");
        SimulationResult a = new Simulator(s, 7).run(200);
        SimulationResult b = new Simulator(s, 7).run(200);
        SimulationResult c = new Simulator(s, 8).run(200);
        assertThat(a.logs()).isEqualTo(b.logs());
        assertThat(a.log("hospital")).isNotEqualTo(c.log("hospital"));
        // A Simulator can be run twice with the same outcome.
        Simulator sim = new Simulator(s, 7);
        assertThat(sim.run(50).logs()).isEqualTo(sim.run(50).logs());
    }

    @Test
    void everyOrganizationHasEventsAndAHeader() {
        assertThat(result.organizations()).containsExactly("hospital", "clinic", "lab", "insurer");
        assertThat(result.logs().keySet()).containsExactly("hospital", "clinic", "lab", "insurer");
        assertThat(result.cases()).isEqualTo(CASES);
        for (String org : result.organizations()) {
            EventLog log = result.log(org);
            assertThat(log.eventCount()).as(org).isPositive();
            assertThat(log.header().name()).isEqualTo("healthcare: " + org);
            assertThat(log.header().classifiers()).containsExactly(Classifier.ACTIVITY);
            assertThat(log.header().extensions()).contains(Extension.CONCEPT, Extension.TIME,
                    Extension.ORGANIZATIONAL, Extension.LIFECYCLE);
            for (Trace t : log.traces()) {
                for (Event e : t.events()) {
                    assertThat(e.activity()).isNotNull();
                    assertThat(e.timestamp()).isNotNull();
                    assertThat(e.resource()).isNotNull();
                    assertThat(e.lifecycle()).isEqualTo("complete");
                    assertThat(e.attributes().getString(XesKeys.ORG_GROUP)).isEqualTo(org);
                }
            }
        }
        assertThatThrownBy(() -> result.log("bank")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void caseIdsAreSharedAndEveryCaseReachesTheHospital() {
        List<String> hospitalIds = result.log("hospital").traces().stream().map(Trace::caseId).toList();
        assertThat(hospitalIds).hasSize(CASES).doesNotHaveDuplicates();
        assertThat(hospitalIds.get(0)).isEqualTo("case-00001");
        assertThat(hospitalIds.get(CASES - 1)).isEqualTo("case-02000");
        Set<String> all = new LinkedHashSet<>(hospitalIds);
        for (String org : result.organizations()) {
            List<String> ids = result.log(org).traces().stream().map(Trace::caseId).toList();
            assertThat(all).as(org).containsAll(ids);
            assertThat(ids).as("traces in case order").isSorted();
        }
        // Case attributes are the same in every organization's trace of a case.
        Trace h = result.log("hospital").traces().get(0);
        Trace i = result.log("insurer").traces().stream()
                .filter(t -> t.caseId().equals(h.caseId())).findFirst().orElseThrow();
        assertThat(i.attributes()).isEqualTo(h.attributes());
        assertThat(h.attributes().get("age")).isInstanceOf(Long.class);
        assertThat(h.attributes().get("urgent")).isInstanceOf(Boolean.class);
        assertThat(h.attributes().getString("condition")).isIn("cardiac", "respiratory", "orthopedic", "oncology");
    }

    @Test
    void caseIdWidthGrowsWithCaseCount() {
        SimulationResult r = new Simulator(Scenario.builtIn("healthcare"), 1).run(3);
        assertThat(r.log("hospital").traces()).extracting(Trace::caseId)
                .containsExactly("case-00001", "case-00002", "case-00003");
    }

    @Test
    void timestampsNonDecreasingWithinTraces() {
        for (EventLog log : result.logs().values()) {
            for (Trace t : log.traces()) {
                for (int k = 1; k < t.size(); k++) {
                    assertThat(t.events().get(k).timestamp()).isAfterOrEqualTo(t.events().get(k - 1).timestamp());
                }
            }
        }
    }

    @Test
    void xorBranchFrequenciesFollowProbabilities() {
        int blood = 0;
        int radiology = 0;
        for (Trace t : result.log("lab").traces()) {
            // The first lab event of a case is the xor choice (the redo test comes later).
            String first = t.events().get(0).activity();
            if (first.equals("Blood Test")) blood++;
            if (first.equals("Radiology")) radiology++;
        }
        assertThat(blood + radiology).isEqualTo(CASES);
        assertThat(blood / (double) CASES).isCloseTo(0.6, within(0.04));
        long clinicTreatments = count("clinic", "Treatment");
        long hospitalTreatments = count("hospital", "Treatment");
        assertThat(clinicTreatments + hospitalTreatments).isEqualTo(CASES);
        assertThat(clinicTreatments / (double) CASES).isCloseTo(0.7, within(0.04));
    }

    @Test
    void loopRunsAtMostMaxTimes() {
        int[] histogram = new int[10];
        for (Trace t : result.log("clinic").traces()) {
            int n = (int) t.events().stream().filter(e -> e.activity().equals("Specialist Report")).count();
            histogram[n]++;
        }
        assertThat(histogram[0]).isZero();
        assertThat(histogram[1]).isPositive();
        assertThat(histogram[2]).isPositive();
        for (int n = 4; n < histogram.length; n++) assertThat(histogram[n]).isZero();
        // P(repeat) = 0.2: about 80% of cases see one report.
        assertThat(histogram[1] / (double) CASES).isCloseTo(0.8, within(0.04));
    }

    @Test
    void parallelBranchesInterleave() {
        // Insurance Check runs in parallel with the lab branch: sometimes before the first lab event,
        // sometimes after the lab results, sometimes in between.
        Map<String, Instant> insurance = new TreeMap<>();
        for (Trace t : result.log("insurer").traces()) {
            for (Event e : t.events()) if (e.activity().equals("Insurance Check")) insurance.put(t.caseId(), e.timestamp());
        }
        int before = 0;
        int between = 0;
        int after = 0;
        for (Trace t : result.log("lab").traces()) {
            Instant first = t.events().get(0).timestamp();
            Instant results = t.events().stream().filter(e -> e.activity().equals("Lab Results"))
                    .findFirst().orElseThrow().timestamp();
            Instant check = insurance.get(t.caseId());
            if (check.isBefore(first)) before++;
            else if (check.isAfter(results)) after++;
            else between++;
        }
        assertThat(before).isPositive();
        assertThat(between).isPositive();
        assertThat(after).isPositive();
    }

    @Test
    void parallelBranchesInterleaveWithinOneTrace() {
        String json = """
                {"name": "par", "start": "2024-01-01T00:00:00Z", "interArrival": "PT1H",
                 "organizations": [{"id": "o", "resources": ["r1", "r2", "r3", "r4"]}],
                 "process": {"and": [
                   {"seq": [{"activity": "A", "org": "o", "duration": {"mean": "PT10M"}},
                            {"activity": "B", "org": "o", "duration": {"mean": "PT10M"}}]},
                   {"seq": [{"activity": "C", "org": "o", "duration": {"mean": "PT10M"}},
                            {"activity": "D", "org": "o", "duration": {"mean": "PT10M"}}]}]}}
                """;
        SimulationResult r = new Simulator(Scenario.parse(json, "par.json"), 3).run(300);
        Set<String> variants = new LinkedHashSet<>();
        for (Trace t : r.log("o").traces()) {
            variants.add(String.join("", t.events().stream().map(Event::activity).toList()));
        }
        assertThat(variants).contains("ABCD", "ACBD", "CADB");
        assertThat(variants).allSatisfy(v -> {
            assertThat(v.indexOf('A')).isLessThan(v.indexOf('B'));
            assertThat(v.indexOf('C')).isLessThan(v.indexOf('D'));
        });
    }

    @Test
    void resourcesNeverOverlap() {
        Map<String, TreeMap<Long, Long>> byResource = new TreeMap<>();
        for (int k = 0; k < bookings.size(); k++) {
            long[] b = bookings.get(k);
            if (b[1] == b[0]) continue;
            TreeMap<Long, Long> cal = byResource.computeIfAbsent(bookingKeys.get(k), x -> new TreeMap<>());
            assertThat(cal.put(b[0], b[1])).isNull();
        }
        assertThat(byResource).hasSize(13);
        for (Map.Entry<String, TreeMap<Long, Long>> e : byResource.entrySet()) {
            long lastEnd = Long.MIN_VALUE;
            for (Map.Entry<Long, Long> iv : e.getValue().entrySet()) {
                assertThat(iv.getKey()).as(e.getKey()).isGreaterThanOrEqualTo(lastEnd);
                lastEnd = iv.getValue();
            }
        }
        // The event's resource and timestamp are those of a booking.
        assertThat(bookings).hasSize((int) result.logs().values().stream().mapToLong(EventLog::eventCount).sum());
    }

    @Test
    void singleResourceQueuesCases() {
        String json = """
                {"name": "queue", "start": "2024-01-01T00:00:00Z", "interArrival": "PT1M",
                 "organizations": [{"id": "desk", "resources": ["only"]}],
                 "process": {"activity": "Serve", "org": "desk", "duration": {"mean": "PT10M", "sd": "PT0S"}}}
                """;
        SimulationResult r = new Simulator(Scenario.parse(json, "queue.json"), 5).run(5);
        List<Instant> times = r.log("desk").traces().stream().map(t -> t.events().get(0).timestamp()).toList();
        Instant t0 = Instant.parse("2024-01-01T00:10:00Z");
        assertThat(times).containsExactly(t0, t0.plusSeconds(600), t0.plusSeconds(1200), t0.plusSeconds(1800),
                t0.plusSeconds(2400));
    }

    @Test
    void progressAndCancellation() {
        List<Long> done = new ArrayList<>();
        new Simulator(Scenario.builtIn("healthcare"), 1).run(10, (d, total) -> {
            assertThat(total).isEqualTo(10);
            done.add(d);
        });
        assertThat(done).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThatThrownBy(() -> new Simulator(Scenario.builtIn("healthcare"), 1).run(10,
                new io.coalition.eventlog.ProgressListener() {
                    @Override
                    public void progress(long d, long total) {
                    }

                    @Override
                    public boolean isCancelled() {
                        return true;
                    }
                })).isInstanceOf(CancellationException.class);
    }

    private static long count(String org, String activity) {
        return result.log(org).traces().stream().flatMap(t -> t.events().stream())
                .filter(e -> e.activity().equals(activity)).count();
    }
}
