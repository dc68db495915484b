package io.coalition.eventlog.xes;

import io.coalition.eventlog.EventLogException;
import io.coalition.eventlog.Location;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Recognizes gzip by its magic bytes, not by the file name: logs are often renamed or served without one. */
final class Gzip {
    private static final int BUFFER = 1 << 16;

    private Gzip() {
    }

    /** {@code in}, decompressed when it starts with the gzip magic bytes; refuses an empty stream. */
    static InputStream decompressIfGzip(InputStream in, String source) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, BUFFER);
        buffered.mark(2);
        int b1 = buffered.read();
        int b2 = buffered.read();
        buffered.reset();
        if (b1 < 0) throw new EventLogException(Location.of(source), "empty file: expected an XES document");
        if (b1 == 0x1f && b2 == 0x8b) {
            GZIPInputStream gzip = new GZIPInputStream(buffered, BUFFER);
            return gzip;
        }
        return buffered;
    }
}
