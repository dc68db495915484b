package io.coalition.eventlog.io;

import io.coalition.eventlog.Classifier;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.EventLogException;
import io.coalition.eventlog.Location;
import io.coalition.eventlog.Trace;
import io.coalition.eventlog.csv.CsvReader;
import io.coalition.eventlog.csv.CsvWriter;
import io.coalition.eventlog.ocel.OcelFlattener;
import io.coalition.eventlog.ocel.OcelLog;
import io.coalition.eventlog.ocel.OcelReader;
import io.coalition.eventlog.stats.LogStatistics;
import io.coalition.eventlog.xes.XesReader;
import io.coalition.eventlog.xes.XesWriter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Reads and writes event logs in the format their file name says: one entry point for every format. */
public final class LogFiles {

    /** The log formats, by file name extension. */
    public enum Format {
        XES, CSV, OCEL;

        static final String EXPECTED = "expected .xes, .xes.gz, .csv, .jsonocel or .xmlocel";

        /** The format of {@code file}, by its name. */
        public static Format of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".xes") || name.endsWith(".xes.gz")) return XES;
            if (name.endsWith(".csv")) return CSV;
            if (name.endsWith(".jsonocel") || name.endsWith(".xmlocel")) return OCEL;
            throw new EventLogException(Location.of(file.toString()), "unknown file type: " + EXPECTED);
        }
    }

    private LogFiles() {
    }

    /** Reads a case-centric log; an OCEL log is flattened on {@link ReadOptions#objectType()}. */
    public static EventLog read(Path file, ReadOptions options) {
        Format format = Format.of(file);
        requireFile(file);
        return switch (format) {
            case XES -> XesReader.read(file, options);
            case CSV -> CsvReader.read(file, options.csv(), options);
            case OCEL -> flatten(file, OcelReader.read(file, options), options.objectType());
        };
    }

    /** The statistics of a log; XES is streamed case by case, so a log larger than memory works. */
    public static LogStatistics statistics(Path file, ReadOptions options) {
        if (Format.of(file) != Format.XES) return LogStatistics.of(read(file, options));
        requireFile(file);
        try (XesReader reader = XesReader.open(file, options)) {
            LogStatistics.Collector collector = new LogStatistics.Collector(Classifier.ACTIVITY);
            for (Trace t = reader.next(); t != null; t = reader.next()) collector.accept(t);
            return collector.result();
        }
    }

    /** Writes {@code log} in the format of {@code file}'s name (.xes, .xes.gz or .csv), atomically. */
    public static void write(EventLog log, Path file) {
        switch (Format.of(file)) {
            case XES -> XesWriter.write(log, file);
            case CSV -> CsvWriter.write(log, file);
            case OCEL -> throw new EventLogException(Location.of(file.toString()),
                    "cannot write OCEL: write a case-centric log (.xes, .xes.gz or .csv)");
        }
    }

    private static EventLog flatten(Path file, OcelLog ocel, String objectType) {
        if (objectType == null) {
            throw new EventLogException(Location.of(file.toString()), "an object-centric log must be flattened "
                    + "on an object type: pass --object-type, one of " + ocel.objectTypeNames());
        }
        return OcelFlattener.flatten(ocel, objectType);
    }

    private static void requireFile(Path file) {
        if (!Files.exists(file)) throw new EventLogException(Location.of(file.toString()), "no such file");
        if (Files.isDirectory(file)) {
            throw new EventLogException(Location.of(file.toString()), "is a folder, not a log file");
        }
    }
}
