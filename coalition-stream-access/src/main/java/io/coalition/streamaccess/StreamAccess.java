package io.coalition.streamaccess;

import io.coalition.eventlog.ProgressListener;
import io.coalition.eventlog.io.AtomicFiles;
import io.coalition.streamaccess.bus.LogReplayer;
import io.coalition.streamaccess.bus.StreamBus;
import io.coalition.policy.AccessRequest;
import io.coalition.streamaccess.endpoint.StreamDemultiplexer;
import io.coalition.streamaccess.filter.DynamicFilter;
import io.coalition.streamaccess.policy.StreamPolicyException;
import io.coalition.streamaccess.policy.RequesterPolicy;
import io.coalition.streamaccess.policy.StreamPolicies;
import io.coalition.streamaccess.rdf.ProcessTriple;
import io.coalition.streamaccess.rdf.XesToRdf;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFWriter;
import org.apache.jena.sparql.core.Quad;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** The library's front door for the CLI: convert a log to an RDF stream, replay it through per-requester filters. */
public final class StreamAccess {
    private StreamAccess() {
    }

    /** Blocks a subscriber may fall behind before the replayer waits. */
    private static final int BUS_CAPACITY = 1024;

    /** The example policies for BPI Challenge 2012 (README), role attribute value -> file. */
    public static final List<String> EXAMPLE_POLICIES = List.of("root.xml", "loan-analyst.xml",
            "loan-analyst-scaled.xml", "amount-auditor.xml", "agent-masker.xml", "resource-hider.xml",
            "activity-auditor.xml", "pseudonym-auditor.xml");

    /** The subject roles the example policies grant: process-analyst, process-analyst-scaled, amount-auditor, ... */
    public static final List<String> EXAMPLE_ROLES = List.of("process-analyst", "process-analyst-scaled",
            "amount-auditor", "agent-masker", "resource-hider", "activity-auditor", "pseudonym-auditor");

    /** Copies the example policies into {@code dir} (created if needed); returns {@code dir}. */
    public static Path writeExamplePolicies(Path dir) {
        try {
            Files.createDirectories(dir);
            for (String name : EXAMPLE_POLICIES) {
                try (var in = StreamAccess.class.getResourceAsStream("policies/bpic2012/" + name)) {
                    if (in == null) throw new IllegalStateException("example policy " + name + " missing from the jar");
                    Files.write(dir.resolve(name), in.readAllBytes());
                }
            }
            return dir;
        } catch (IOException e) {
            throw new StreamAccessException(dir + ": cannot write the example policies: " + e.getMessage(), e);
        }
    }

    /** Converts {@code xes} to N-Quads (graph name = process) at {@code out}, atomically; returns the triple count. */
    public static long convert(Path xes, Path out, ProgressListener progress) {
        long[] n = {0};
        AtomicFiles.write(out, os -> {
            StreamRDF w = StreamRDFWriter.getWriterStream(os, RDFFormat.NQUADS);
            w.start();
            n[0] = XesToRdf.bpic2012().stream(xes, progress, block -> {
                for (ProcessTriple pt : block) w.quad(Quad.create(pt.process(), pt.triple()));
            });
            w.finish();
        });
        return n[0];
    }

    /** Per requester: how many triples reached them and where their stream was written. */
    public record RequesterResult(String requester, long visible, Path output) {
    }

    /** What a replay did. */
    public record ReplayResult(long triples, Duration elapsed, List<RequesterResult> requesters) {
        public ReplayResult {
            requesters = List.copyOf(requesters);
        }
    }

    /**
     * Replays {@code xes} onto an embedded bus in blocks of {@code blockSize} with {@code delay} between blocks; one
     * subscriber per requester runs seed 003's dynamic filter and writes the requester's stream to
     * {@code outDir/<requester>.nq}. Each requester's subject attributes go to the PDP first; a refusal stops
     * everything before any triple is sent.
     */
    public static ReplayResult replay(Path xes, Path policyDir, Map<String, Map<String, String>> requesters,
                                      int blockSize, Duration delay, Path outDir, ProgressListener progress) {
        return replay(xes, policyDir, requesters, blockSize, delay, outDir, StreamBus.EMBEDDED, progress);
    }

    /**
     * As {@link #replay(Path, Path, Map, int, Duration, Path, ProgressListener)}, over the bus {@code bus}
     * ({@value StreamBus#EMBEDDED} or a Redis URL, see {@link StreamBus#open}; the stream is named after the log
     * file).
     */
    public static ReplayResult replay(Path xes, Path policyDir, Map<String, Map<String, String>> requesters,
                                      int blockSize, Duration delay, Path outDir, String bus,
                                      ProgressListener progress) {
        Map<String, RequesterPolicy> policies = new LinkedHashMap<>();
        try (StreamPolicies sp = StreamPolicies.load(policyDir)) {
            requesters.forEach((who, attrs) -> policies.put(who,
                    sp.forRequester(who, StreamPolicies.request(xes.getFileName().toString(), attrs))));
        }
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new StreamAccessException(outDir + ": cannot create folder: " + e.getMessage(), e);
        }
        List<StreamBus.Subscription> subs = new ArrayList<>();
        List<long[]> counts = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        List<Writer> writers = new ArrayList<>();
        long start = System.nanoTime();
        long sent;
        try (StreamBus b = StreamBus.open(bus, xes.getFileName().toString(), BUS_CAPACITY)) {
            for (Map.Entry<String, RequesterPolicy> e : policies.entrySet()) {
                long[] count = {0};
                Path out = outDir.resolve(e.getKey() + ".nq");
                Writer w = new Writer(out);
                writers.add(w);
                DynamicFilter f = new DynamicFilter(e.getValue(), pt -> {
                    count[0]++;
                    w.quads.add(Quad.create(pt.process(), pt.triple()));
                });
                subs.add(b.subscribe(e.getKey(), new StreamBus.Subscriber() {
                    public void block(List<ProcessTriple> block) {
                        block.forEach(f::accept);
                    }

                    public void end() {
                        f.finish();
                    }
                }));
                counts.add(count);
                outputs.add(out);
            }
            sent = new LogReplayer(blockSize, delay).replay(xes, XesToRdf.bpic2012(), b, progress);
        }
        try {
            for (StreamBus.Subscription s : subs) {
                s.awaitEnd();
                if (s.failure() != null) throw new StreamAccessException("filter failed: " + s.failure(), s.failure());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamAccessException("replay interrupted", e);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        for (Writer w : writers) w.write();
        List<RequesterResult> results = new ArrayList<>();
        int i = 0;
        for (String who : policies.keySet()) {
            results.add(new RequesterResult(who, counts.get(i)[0], outputs.get(i)));
            i++;
        }
        return new ReplayResult(sent, elapsed, results);
    }

    /** The PDP's answer for each requester who asked to open a log: permitted ones with their filter, refusals. */
    public record Permits(Map<String, RequesterPolicy> permitted, Map<String, String> refused) {
        public Permits {
            permitted = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(permitted));
            refused = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(refused));
        }
    }

    /**
     * Asks the PDP, for each requester, whether they may open the log {@code logId} (action
     * {@link StreamPolicies#READ_STREAM}, added to each request when absent); a refusal is recorded with its reason,
     * never thrown, so one refused requester does not stop the others (each is still refused: fail closed).
     */
    public static Permits permit(Path policyDir, Map<String, AccessRequest> requests) {
        Map<String, RequesterPolicy> ok = new LinkedHashMap<>();
        Map<String, String> refused = new LinkedHashMap<>();
        try (StreamPolicies sp = StreamPolicies.load(policyDir)) {
            requests.forEach((who, request) -> {
                try {
                    ok.put(who, sp.forRequester(who, request));
                } catch (StreamPolicyException e) {
                    refused.put(who, e.getMessage());
                }
            });
        }
        return new Permits(ok, refused);
    }

    /**
     * Replays {@code xes} through an embedded bus into {@code demux} (blocks of {@code blockSize}, {@code delay}
     * between blocks); returns the number of triples once the demultiplexer has taken the last block.
     */
    public static long replayInto(Path xes, StreamDemultiplexer demux, int blockSize, Duration delay,
                                  ProgressListener progress) {
        return replayInto(xes, demux, blockSize, delay, StreamBus.EMBEDDED, progress);
    }

    /** As {@link #replayInto(Path, StreamDemultiplexer, int, Duration, ProgressListener)} over the bus {@code bus}. */
    public static long replayInto(Path xes, StreamDemultiplexer demux, int blockSize, Duration delay, String bus,
                                  ProgressListener progress) {
        StreamBus.Subscription sub;
        long sent;
        try (StreamBus b = StreamBus.open(bus, xes.getFileName().toString(), BUS_CAPACITY)) {
            sub = b.subscribe("demultiplexer", demux.subscriber());
            sent = new LogReplayer(blockSize, delay).replay(xes, XesToRdf.bpic2012(), b, progress);
        }
        try {
            sub.awaitEnd();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamAccessException("replay into the demultiplexer interrupted", e);
        }
        if (sub.failure() != null) {
            throw new StreamAccessException("demultiplexer failed: " + sub.failure(), sub.failure());
        }
        return sent;
    }

    /** Collects a requester's quads, then writes them atomically (nothing half-written on failure). */
    private static final class Writer {
        final Path path;
        final BlockingQueue<Quad> quads = new LinkedBlockingQueue<>();

        Writer(Path path) {
            this.path = path;
        }

        void write() {
            AtomicFiles.write(path, (OutputStream os) -> {
                StreamRDF w = StreamRDFWriter.getWriterStream(os, RDFFormat.NQUADS);
                w.start();
                for (Quad q : quads) w.quad(q);
                w.finish();
            });
        }
    }
}
