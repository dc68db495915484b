package io.coalition.bench;

import com.ctc.wstx.stax.WstxInputFactory;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.io.ReadOptions;
import io.coalition.eventlog.xes.XesReader;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * XES import of BPIC 2012 against a bare StAX pass over the same file, which reads every element and attribute
 * value and builds nothing: the speed limit of any StAX-based importer.
 */
final class XesImportBench implements Bench.Benchmark {
    /** pm4py 2.7 import of bpic2012.xes.gz on this kind of machine (../shared/reference/pm4py-timings.md). */
    static final double PM4PY_SECONDS = 14.9;
    static final long HEAP_TARGET_BYTES = 60L * 1024 * 1024;

    @Override
    public String description() {
        return "XES import of BPIC 2012 (.xes.gz) vs a bare StAX pass; events/s and retained heap";
    }

    @Override
    public int run(BenchOptions options) throws Exception {
        Path file = options.fileOr("xes/bpic2012.xes.gz");
        System.out.printf("xes-import: %s (%,d bytes), %d warm-up and %d measured runs each%n",
                file.getFileName(), Files.size(file), options.warmup(), options.runs());

        List<Double> bare = new ArrayList<>();
        List<Double> full = new ArrayList<>();
        long events = 0;
        long elements = 0;
        for (int i = 0; i < options.warmup() + options.runs(); i++) {
            boolean measured = i >= options.warmup();
            long t0 = System.nanoTime();
            elements = barePass(file);
            long t1 = System.nanoTime();
            EventLog log = XesReader.read(file, ReadOptions.DEFAULT);
            long t2 = System.nanoTime();
            events = log.eventCount();
            if (measured) {
                bare.add((t1 - t0) / 1e9);
                full.add((t2 - t1) / 1e9);
            }
            System.out.printf("  %s %d: bare pass %.3f s, import %.3f s%n",
                    measured ? "run   " : "warmup", i + 1, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        }
        long retained = retainedHeap(file);

        double bareS = Stats.median(bare);
        double fullS = Stats.median(full);
        double ratio = bareS / fullS;
        double vsPm4py = PM4PY_SECONDS / fullS;
        System.out.println();
        System.out.printf("%-34s %12s %16s%n", "measure (median)", "seconds", "events/s");
        System.out.printf("%-34s %12.3f %,16.0f%n", "bare StAX pass (baseline)", bareS, events / bareS);
        System.out.printf("%-34s %12.3f %,16.0f%n", "Coalition XES import", fullS, events / fullS);
        System.out.printf("%-34s %12.1f %16s%n", "pm4py 2.7 import (reference)", PM4PY_SECONDS, "");
        System.out.println();
        boolean speedOk = ratio >= 0.5;
        boolean pm4pyOk = vsPm4py >= 10;
        boolean heapOk = retained < HEAP_TARGET_BYTES;
        System.out.printf("import speed / bare pass speed  %.2f   (target >= 0.50) %s%n", ratio, verdict(speedOk));
        System.out.printf("speed-up over pm4py             %.1fx  (target >= 10x)  %s%n", vsPm4py, verdict(pm4pyOk));
        System.out.printf("retained heap of loaded log     %.1f MB (target < 60 MB) %s%n",
                retained / 1048576.0, verdict(heapOk));

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "xes-import");
        json.put("file", file.getFileName().toString());
        json.put("events", events);
        json.put("xmlElements", elements);
        json.put("runs", options.runs());
        json.put("bareSeconds", bare);
        json.put("importSeconds", full);
        json.put("bareMedianSeconds", bareS);
        json.put("importMedianSeconds", fullS);
        json.put("importEventsPerSecond", events / fullS);
        json.put("importToBareSpeedRatio", ratio);
        json.put("pm4pySeconds", PM4PY_SECONDS);
        json.put("speedupOverPm4py", vsPm4py);
        json.put("retainedHeapBytes", retained);
        json.put("targetsMet", speedOk && pm4pyOk && heapOk);
        Path out = Results.write("xes-import", json);
        System.out.println("figures written to " + out);
        return speedOk && pm4pyOk && heapOk ? 0 : 1;
    }

    /** Reads every element and attribute value of the file and keeps nothing; returns the element count. */
    static long barePass(Path file) throws Exception {
        XMLInputFactory factory = new WstxInputFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        long elements = 0;
        long chars = 0;
        try (InputStream in = open(file)) {
            XMLStreamReader xml = factory.createXMLStreamReader(in);
            while (xml.hasNext()) {
                if (xml.next() == XMLStreamConstants.START_ELEMENT) {
                    elements++;
                    chars += xml.getLocalName().length();
                    for (int i = 0, n = xml.getAttributeCount(); i < n; i++) {
                        chars += xml.getAttributeLocalName(i).length() + xml.getAttributeValue(i).length();
                    }
                }
            }
            xml.close();
        }
        if (chars == 0) throw new IllegalStateException("empty document");
        return elements;
    }

    private static InputStream open(Path file) throws Exception {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }

    /** Heap still in use, after full collections, by the loaded log. */
    private static long retainedHeap(Path file) throws Exception {
        long before = usedAfterGc();
        EventLog log = XesReader.read(file, ReadOptions.DEFAULT);
        long after = usedAfterGc();
        Reference.reachabilityFence(log);
        return after - before;
    }

    static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    private static String verdict(boolean ok) {
        return ok ? "met" : "MISSED";
    }
}
