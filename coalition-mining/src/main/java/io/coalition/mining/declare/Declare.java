package io.coalition.mining.declare;

import io.coalition.mining.log.IndexedLog;

import java.nio.file.Path;

/** Facade for Declare: discovery, conformance, CONFINE's JSON format. */
public final class Declare {
    private Declare() {
    }

    /** Discovery with pm4py's defaults (support and confidence ratio 0.8). */
    public static DeclareModel discover(IndexedLog log) {
        return DeclareDiscovery.discover(log);
    }

    public static DeclareModel discover(IndexedLog log, double minSupport, double minConfidence) {
        return DeclareDiscovery.discover(log, minSupport, minConfidence);
    }

    public static DeclareConformance.LogResult conformance(IndexedLog log, DeclareModel model) {
        return DeclareConformance.check(log, model);
    }

    public static DeclareModel read(Path json) {
        return DeclareJson.read(json);
    }

    public static void write(DeclareModel model, Path json) {
        DeclareJson.write(model, json);
    }
}
