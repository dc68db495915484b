package io.coalition.app;

import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.ProgressListener;
import io.coalition.eventlog.csv.CsvMapping;
import io.coalition.eventlog.io.LogFiles;
import io.coalition.eventlog.io.ReadOptions;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options shared by the commands that read a log file. */
final class ReadMixin {
    @Option(names = "--strict", description = "reject XES that does not follow IEEE 1849-2016 exactly "
            + "(default: accept what real logs contain, such as undeclared extensions)")
    boolean strict;

    @Option(names = "--object-type", paramLabel = "TYPE",
            description = "OCEL input: flatten on this object type (one case per object)")
    String objectType;

    @Option(names = "--case", paramLabel = "COLUMN", description = "CSV input: the case id column (default: inferred)")
    String caseColumn;

    @Option(names = "--activity", paramLabel = "COLUMN", description = "CSV input: the activity column (default: inferred)")
    String activityColumn;

    @Option(names = "--timestamp", paramLabel = "COLUMN", description = "CSV input: the timestamp column (default: inferred)")
    String timestampColumn;

    @Option(names = "--timestamp-format", paramLabel = "PATTERN",
            description = "CSV input: java.time pattern of the timestamps, e.g. 'dd-MM-yyyy HH:mm' (default: inferred)")
    String timestampFormat;

    @Option(names = "--resource", paramLabel = "COLUMN", description = "CSV input: the resource column (default: inferred)")
    String resourceColumn;

    @Option(names = "--delimiter", paramLabel = "CHAR", description = "CSV input: the field delimiter (default: inferred)")
    Character delimiter;

    /** Reads {@code file} with these options, showing progress on large files. */
    <T> T read(Path file, java.util.function.BiFunction<Path, ReadOptions, T> reader) {
        try (Progress progress = Progress.forFile(file, "Reading " + file.getFileName())) {
            return reader.apply(file, options(progress));
        }
    }

    /** Reads a case-centric log (OCEL flattened on --object-type). */
    EventLog log(Path file) {
        return read(file, LogFiles::read);
    }

    ReadOptions options(ProgressListener progress) {
        CsvMapping csv = CsvMapping.inferred()
                .withCaseColumn(caseColumn)
                .withActivityColumn(activityColumn)
                .withTimestampColumn(timestampColumn)
                .withTimestampFormat(timestampFormat)
                .withResourceColumn(resourceColumn)
                .withDelimiter(delimiter);
        return ReadOptions.DEFAULT.withStrict(strict).withProgress(progress).withCsv(csv).withObjectType(objectType);
    }
}
