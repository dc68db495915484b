package io.coalition.trustedmining.ems;

import io.coalition.trustedmining.TrustedMiningException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Distinct case ids in {@link CanonicalOrder}: a list in memory, or, when there were more than a budget of them,
 * a file of the sorted ids with a sparse index (one file offset per {@value #STRIDE} ids) so a read can start at
 * any ordinal. Built by a {@link Sorter}: an external merge sort whose runs hold at most the budget each.
 *
 * <p>Ids are stored as UTF-16 (length + chars), not UTF-8, so even an id with an unpaired surrogate comes back
 * unchanged. The files live in a fresh temporary directory (owner-only on POSIX) removed by {@link #close()}.
 */
final class SortedCaseIds implements AutoCloseable {
    static final int STRIDE = 256;
    /** Most run files one merge reads at once (plus the one it writes): well under any process's file limit. */
    static final int MAX_FAN_IN = 64;

    /** Opens a run file for reading. */
    interface Opener {
        InputStream open(Path run) throws IOException;
    }

    private final List<String> memory;
    private final Path directory;
    private final Path file;
    private final long[] offsets;
    private final int size;

    private SortedCaseIds(List<String> memory, Path directory, Path file, long[] offsets, int size) {
        this.memory = memory;
        this.directory = directory;
        this.file = file;
        this.offsets = offsets;
        this.size = size;
    }

    int size() {
        return size;
    }

    /** Whether the ids are on disk (there were more than the sorter's budget). */
    boolean spilled() {
        return file != null;
    }

    String get(int ordinal) {
        try (Cursor c = cursor(ordinal)) {
            return c.next();
        }
    }

    /** The ids from {@code ordinal} on; close it when done. */
    Cursor cursor(int ordinal) {
        if (ordinal < 0 || ordinal > size) throw new IndexOutOfBoundsException("case " + ordinal + " of " + size);
        if (memory != null) {
            Iterator<String> it = memory.listIterator(ordinal);
            return new Cursor() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public String next() {
                    return it.next();
                }

                @Override
                public void close() {
                }
            };
        }
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            ch.position(offsets[ordinal / STRIDE]);
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch), 1 << 16));
            FileCursor c = new FileCursor(in, ordinal - ordinal % STRIDE);
            for (int skip = ordinal % STRIDE; skip > 0; skip--) c.next();
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("case ids " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (directory != null) deleteTree(directory);
    }

    /** An iterator over ids that may hold an open file. */
    interface Cursor extends Iterator<String>, AutoCloseable {
        @Override
        void close();
    }

    private final class FileCursor implements Cursor {
        private final DataInputStream in;
        private int next;

        FileCursor(DataInputStream in, int next) {
            this.in = in;
            this.next = next;
        }

        @Override
        public boolean hasNext() {
            return next < size;
        }

        @Override
        public String next() {
            if (next >= size) throw new NoSuchElementException();
            try {
                String id = readId(in);
                if (id == null) throw new IllegalStateException("case ids " + file + " end at " + next + " of " + size);
                next++;
                return id;
            } catch (IOException e) {
                throw new UncheckedIOException("case ids " + file + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Collects case ids in any order, with repeats (one per row), and returns them distinct and sorted. Holds at
     * most {@code budget} distinct ids in memory: past that it sorts them into a run on disk and starts a new one;
     * {@link #finish()} merges the runs (k-way, dropping repeats, at most the fan-in at a time) into one file.
     */
    static final class Sorter implements AutoCloseable {
        private final int budget;
        private final Path parent;
        private final int fanIn;
        private final Opener opener;
        private final Set<String> buffer = new HashSet<>();
        private final List<Path> runs = new ArrayList<>();
        private Path directory;
        private int runsWritten;
        private int runsCreated;
        private int passes;
        private boolean finished;

        /** {@code parent}: where the temporary directory goes; {@code null} for the JVM's temporary directory. */
        Sorter(int budget, Path parent) {
            this(budget, parent, MAX_FAN_IN, Files::newInputStream);
        }

        /** With at most {@code fanIn} runs read at once, each opened by {@code opener} (a test seam). */
        Sorter(int budget, Path parent, int fanIn, Opener opener) {
            if (budget < 1) throw new IllegalArgumentException("budget " + budget);
            if (fanIn < 2) throw new IllegalArgumentException("fan-in " + fanIn + ", expected at least 2");
            this.budget = budget;
            this.parent = parent;
            this.fanIn = fanIn;
            this.opener = Objects.requireNonNull(opener, "opener");
        }

        void add(String id) {
            if (buffer.add(id) && buffer.size() >= budget) spill();
        }

        /** Number of sorted runs written to disk (0 when the ids fitted the budget). */
        int runs() {
            return runsWritten;
        }

        /** Merge passes {@link #finish()} made: 0 in memory, 1 when the runs fitted the fan-in, more beyond. */
        int passes() {
            return passes;
        }

        SortedCaseIds finish() {
            finished = true;
            if (runs.isEmpty()) {
                String[] ids = buffer.toArray(String[]::new);
                Arrays.sort(ids, CanonicalOrder.CASE_IDS);
                buffer.clear();
                return new SortedCaseIds(List.of(ids), null, null, null, ids.length);
            }
            if (!buffer.isEmpty()) spill();
            try {
                return merge();
            } catch (IOException | RuntimeException e) {
                deleteTree(directory);
                if (e instanceof IOException io) throw new UncheckedIOException("case ids in " + directory + ": " + e.getMessage(), io);
                throw (RuntimeException) e;
            }
        }

        private void spill() {
            String[] ids = buffer.toArray(String[]::new);
            buffer.clear();
            Arrays.sort(ids, CanonicalOrder.CASE_IDS);
            try {
                if (directory == null) {
                    directory = parent == null ? Files.createTempDirectory("coalition-case-ids")
                            : Files.createTempDirectory(Files.createDirectories(parent), "coalition-case-ids");
                }
                Path run = directory.resolve("run-" + runsCreated++);
                try (DataOutputStream out = output(run)) {
                    for (String id : ids) writeId(out, id);
                }
                runs.add(run);
                runsWritten++;
            } catch (IOException e) {
                throw new TrustedMiningException("cannot write a run of sorted case ids under "
                        + (directory == null ? parent : directory) + ": " + e.getMessage(), e);
            }
        }

        /**
         * Merges the runs in passes of at most {@code fanIn} files (each pass's outputs are the next pass's runs),
         * then the last at most {@code fanIn} runs into the indexed file. Repeats are dropped in every pass, so the
         * result is the same whatever the fan-in.
         */
        private SortedCaseIds merge() throws IOException {
            while (runs.size() > fanIn) {
                List<Path> next = new ArrayList<>();
                for (int from = 0; from < runs.size(); from += fanIn) {
                    List<Path> group = runs.subList(from, Math.min(from + fanIn, runs.size()));
                    Path run = directory.resolve("run-" + runsCreated++);
                    try (DataOutputStream out = output(run)) {
                        mergeInto(group, (id, n) -> writeId(out, id));
                    }
                    for (Path p : group) Files.delete(p);
                    next.add(run);
                }
                runs.clear();
                runs.addAll(next);
                passes++;
            }
            Path file = directory.resolve("sorted");
            long[][] offsets = {new long[16]};
            long[] position = {0};
            int count;
            try (DataOutputStream out = output(file)) {
                count = mergeInto(runs, (id, n) -> {
                    if (n % STRIDE == 0) {
                        if (n / STRIDE == offsets[0].length) offsets[0] = Arrays.copyOf(offsets[0], offsets[0].length * 2);
                        offsets[0][n / STRIDE] = position[0];
                    }
                    writeId(out, id);
                    position[0] += 4 + 2L * id.length();
                });
            }
            for (Path run : runs) Files.delete(run);
            runs.clear();
            passes++;
            return new SortedCaseIds(null, directory, file, Arrays.copyOf(offsets[0], (count + STRIDE - 1) / STRIDE + 1), count);
        }

        private interface Sink {
            /** Takes the {@code n}-th distinct id (from 0). */
            void accept(String id, int n) throws IOException;
        }

        /** k-way merge of {@code group} (all open at once: at most the fan-in), each distinct id once; returns the count. */
        private int mergeInto(List<Path> group, Sink sink) throws IOException {
            record Head(String id, DataInputStream in) {
            }
            PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> CanonicalOrder.compare(a.id(), b.id()));
            List<DataInputStream> inputs = new ArrayList<>(group.size());
            int count = 0;
            Throwable primary = null;
            try {
                for (Path run : group) {
                    DataInputStream in = new DataInputStream(new BufferedInputStream(opener.open(run), 1 << 14));
                    inputs.add(in);
                    String first = readId(in);
                    if (first != null) heads.add(new Head(first, in));
                }
                String last = null;
                while (!heads.isEmpty()) {
                    Head h = heads.poll();
                    if (last == null || !last.equals(h.id())) {
                        sink.accept(h.id(), count++);
                        last = h.id();
                    }
                    String next = readId(h.in());
                    if (next != null) heads.add(new Head(next, h.in()));
                }
            } catch (Throwable t) {
                primary = t;
                throw t;
            } finally {
                IOException failed = null;
                for (DataInputStream in : inputs) {
                    try {
                        in.close();
                    } catch (IOException e) {
                        if (primary != null) primary.addSuppressed(e);
                        else if (failed == null) failed = e;
                    }
                }
                if (failed != null) throw failed;
            }
            return count;
        }

        /** Removes the runs if {@link #finish()} was not reached (an error while collecting). */
        @Override
        public void close() {
            if (!finished && directory != null) deleteTree(directory);
        }
    }

    private static DataOutputStream output(Path file) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW), 1 << 16));
    }

    private static void writeId(DataOutputStream out, String id) throws IOException {
        out.writeInt(id.length());
        out.writeChars(id);
    }

    /** The next id, or null at the end of the stream. */
    private static String readId(DataInputStream in) throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException end) {
            return null;
        }
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) chars[i] = in.readChar();
        return new String(chars);
    }

    private static void deleteTree(Path directory) {
        try (var files = Files.list(directory)) {
            for (Path f : (Iterable<Path>) files::iterator) Files.deleteIfExists(f);
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + directory + ": " + e.getMessage(), e);
        }
    }
}
