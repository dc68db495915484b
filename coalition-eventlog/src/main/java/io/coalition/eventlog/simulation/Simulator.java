package io.coalition.eventlog.simulation;

import io.coalition.eventlog.Attributes;
import io.coalition.eventlog.Classifier;
import io.coalition.eventlog.Event;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.Extension;
import io.coalition.eventlog.LogHeader;
import io.coalition.eventlog.ProgressListener;
import io.coalition.eventlog.Trace;
import io.coalition.eventlog.XesKeys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;

/**
 * Simulates a {@link Scenario} into one event log per organization.
 *
 * <p>Deterministic: the same scenario and seed give equal logs, on any machine (all randomness comes from
 * one {@link SplittableRandom}; no wall clock, no hash ordering). Cases arrive as a Poisson process and
 * are simulated one after another in arrival order. Each activity waits its {@code wait} delay after its
 * predecessor, then needs a resource of its organization: a resource never does two activities at once,
 * so the activity starts at the earliest time some resource has a long enough free slot (the resource with
 * the earliest slot, ties by pool order). Events record the completion time.
 */
public final class Simulator {

    /** Receives every resource booking; package-private so that tests can check for overlaps. */
    interface BookingListener {
        void booked(String org, String resource, long startMillis, long endMillis);
    }

    private static final List<Extension> EXTENSIONS =
            List.of(Extension.CONCEPT, Extension.TIME, Extension.ORGANIZATIONAL, Extension.LIFECYCLE);

    private final Scenario scenario;
    private final long seed;
    private BookingListener bookingListener;

    public Simulator(Scenario scenario, long seed) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.seed = seed;
    }

    Simulator onBooking(BookingListener listener) {
        this.bookingListener = listener;
        return this;
    }

    /** Simulates {@code cases} cases. */
    public SimulationResult run(int cases) {
        return run(cases, ProgressListener.NONE);
    }

    /**
     * Simulates {@code cases} cases, reporting progress in cases done; stops with a
     * {@link CancellationException} when {@code progress} asks to.
     */
    public SimulationResult run(int cases, ProgressListener progress) {
        if (cases < 0) throw new IllegalArgumentException("cases must not be negative: " + cases);
        Objects.requireNonNull(progress, "progress");
        return new Run(cases).execute(progress);
    }

    /** The state of one run, so that a Simulator can be run again with the same result. */
    private final class Run {
        private final int cases;
        private final List<Scenario.Organization> orgs = scenario.organizations();
        private final Calendar[][] calendars;
        private final List<List<Trace>> traces = new ArrayList<>();
        /** Events of the current case, in generation order. */
        private final List<Pending> pending = new ArrayList<>();
        private SplittableRandom caseRng;

        Run(int cases) {
            this.cases = cases;
            calendars = new Calendar[orgs.size()][];
            for (int o = 0; o < orgs.size(); o++) {
                calendars[o] = new Calendar[orgs.get(o).resources().size()];
                for (int r = 0; r < calendars[o].length; r++) calendars[o][r] = new Calendar();
                traces.add(new ArrayList<>());
            }
        }

        SimulationResult execute(ProgressListener progress) {
            SplittableRandom arrivals = new SplittableRandom(seed);
            Node.Delay interArrival = new Node.Delay(scenario.interArrival().toMillis(), -1);
            int width = Math.max(5, Integer.toString(cases).length());
            long arrival = scenario.start().toEpochMilli();
            for (int c = 0; c < cases; c++) {
                if (progress.isCancelled()) throw new CancellationException("simulation cancelled");
                if (c > 0) arrival += interArrival.sample(arrivals);
                // A case's own generator: its randomness does not shift when another case draws more numbers.
                caseRng = arrivals.split();
                for (Calendar[] pool : calendars) for (Calendar cal : pool) cal.forgetBefore(arrival);
                String caseId = "case-" + String.format("%0" + width + "d", c + 1);
                simulateCase(caseId, arrival);
                progress.progress(c + 1, cases);
            }
            Map<String, EventLog> logs = new LinkedHashMap<>();
            for (int o = 0; o < orgs.size(); o++) {
                String id = orgs.get(o).id();
                LogHeader header = LogHeader.of(EXTENSIONS,
                                Attributes.of(XesKeys.CONCEPT_NAME, scenario.name() + ": " + id))
                        .withClassifiers(List.of(Classifier.ACTIVITY));
                logs.put(id, new EventLog(header, traces.get(o)));
            }
            return new SimulationResult(logs, cases);
        }

        private void simulateCase(String caseId, long arrival) {
            Attributes.Builder ta = Attributes.builder().put(XesKeys.CONCEPT_NAME, caseId);
            for (Node.NamedGenerator g : scenario.caseAttributes()) ta.put(g.key(), g.generator().next(caseRng));
            Attributes traceAttributes = ta.build();
            pending.clear();
            simulate(scenario.process(), arrival);
            // Stable sort: events completing at the same instant keep their generation order.
            pending.sort(Comparator.comparingLong(Pending::time));
            for (int o = 0; o < orgs.size(); o++) {
                List<Event> events = new ArrayList<>();
                for (Pending p : pending) if (p.org == o) events.add(p.event);
                if (!events.isEmpty()) traces.get(o).add(new Trace(traceAttributes, events));
            }
        }

        /** Simulates {@code node} starting no earlier than {@code ready}; returns when it ends. */
        private long simulate(Node node, long ready) {
            if (node instanceof Node.Activity a) {
                return activity(a, ready);
            } else if (node instanceof Node.Seq s) {
                long t = ready;
                for (Node child : s.children()) t = simulate(child, t);
                return t;
            } else if (node instanceof Node.Xor x) {
                return simulate(x.children().get(x.choose(caseRng)), ready);
            } else if (node instanceof Node.And a) {
                long end = ready;
                for (Node child : a.children()) end = Math.max(end, simulate(child, ready));
                return end;
            } else {
                Node.Loop l = (Node.Loop) node;
                long t = simulate(l.body(), ready);
                for (int done = 1; done < l.max() && caseRng.nextDouble() < l.p(); done++) {
                    t = simulate(l.redo(), t);
                    t = simulate(l.body(), t);
                }
                return t;
            }
        }

        private long activity(Node.Activity a, long ready) {
            long earliest = ready + a.delay().sample(caseRng);
            long duration = a.duration().sample(caseRng);
            Calendar[] pool = calendars[a.org()];
            int best = 0;
            long bestStart = Long.MAX_VALUE;
            for (int r = 0; r < pool.length; r++) {
                long s = pool[r].earliestStart(earliest, duration);
                if (s < bestStart) {
                    bestStart = s;
                    best = r;
                }
            }
            long end = bestStart + duration;
            pool[best].book(bestStart, end);
            Scenario.Organization org = orgs.get(a.org());
            String resource = org.resources().get(best);
            if (bookingListener != null) bookingListener.booked(org.id(), resource, bestStart, end);
            Attributes.Builder b = Attributes.builder()
                    .put(XesKeys.CONCEPT_NAME, a.name())
                    .put(XesKeys.TIME_TIMESTAMP, Instant.ofEpochMilli(end))
                    .put(XesKeys.ORG_RESOURCE, resource)
                    .put(XesKeys.ORG_GROUP, org.id())
                    .put(XesKeys.LIFECYCLE_TRANSITION, "complete");
            for (Node.NamedGenerator g : a.attributes()) b.put(g.key(), g.generator().next(caseRng));
            pending.add(new Pending(a.org(), end, new Event(b.build())));
            return end;
        }
    }

    private record Pending(int org, long time, Event event) {
    }

    /**
     * The busy intervals of one resource, as start to end in epoch milliseconds. Intervals never overlap.
     * A later case may still fill a gap left by an earlier one, so free time is not just "free after X".
     */
    private static final class Calendar {
        private final TreeMap<Long, Long> busy = new TreeMap<>();

        long earliestStart(long from, long duration) {
            long s = from;
            Map.Entry<Long, Long> e = busy.floorEntry(s);
            if (e != null && e.getValue() > s) s = e.getValue();
            while (true) {
                Map.Entry<Long, Long> next = busy.ceilingEntry(s);
                if (next == null || next.getKey() >= s + duration) return s;
                s = next.getValue();
            }
        }

        void book(long start, long end) {
            if (end > start) busy.put(start, end); // a zero-length activity occupies nothing
        }

        /** Drops intervals that end before {@code t}: no later case can start before its arrival. */
        void forgetBefore(long t) {
            while (!busy.isEmpty() && busy.firstEntry().getValue() <= t) busy.pollFirstEntry();
        }
    }
}
