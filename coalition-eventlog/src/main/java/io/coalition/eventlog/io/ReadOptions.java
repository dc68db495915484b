package io.coalition.eventlog.io;

import io.coalition.eventlog.ProgressListener;
import io.coalition.eventlog.csv.CsvMapping;

import java.util.Objects;

/**
 * How a log file is read, whatever its format.
 *
 * @param strict     reject anything the format's standard does not allow (for XES: IEEE 1849-2016 element
 *                   order, undeclared classifier keys, unknown XML attributes); the default, lenient mode accepts
 *                   what real logs in the wild contain, such as a missing xes.version or undeclared extensions
 * @param progress   told how many bytes of the file have been read, and asked whether to stop
 * @param csv        which CSV columns hold what (inferred where it says nothing)
 * @param objectType for an object-centric (OCEL) file: the object type to flatten on, or {@code null}
 */
public record ReadOptions(boolean strict, ProgressListener progress, CsvMapping csv, String objectType) {
    public static final ReadOptions DEFAULT = new ReadOptions(false, ProgressListener.NONE, CsvMapping.inferred(), null);

    public ReadOptions {
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(csv, "csv");
    }

    public ReadOptions withStrict(boolean newStrict) {
        return new ReadOptions(newStrict, progress, csv, objectType);
    }

    public ReadOptions withProgress(ProgressListener newProgress) {
        return new ReadOptions(strict, newProgress, csv, objectType);
    }

    public ReadOptions withCsv(CsvMapping newCsv) {
        return new ReadOptions(strict, progress, newCsv, objectType);
    }

    public ReadOptions withObjectType(String newObjectType) {
        return new ReadOptions(strict, progress, csv, newObjectType);
    }
}
