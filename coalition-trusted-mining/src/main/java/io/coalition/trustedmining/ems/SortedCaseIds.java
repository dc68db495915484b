package io.coalition.trustedmining.ems;

import io.coalition.trustedmining.TrustedMiningException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
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
     * {@link #finish()} merges the runs (k-way, dropping repeats) into one file.
     */
    static final class Sorter implements AutoCloseable {
        private final int budget;
        private final Path parent;
        private final Set<String> buffer = new HashSet<>();
        private final List<Path> runs = new ArrayList<>();
        private Path directory;
        private int runsWritten;
        private boolean finished;

        /** {@code parent}: where the temporary directory goes; {@code null} for the JVM's temporary directory. */
        Sorter(int budget, Path parent) {
            if (budget < 1) throw new IllegalArgumentException("budget " + budget);
            this.budget = budget;
            this.parent = parent;
        }

        void add(String id) {
            if (buffer.add(id) && buffer.size() >= budget) spill();
        }

        /** Number of sorted runs written to disk (0 when the ids fitted the budget). */
        int runs() {
            return runsWritten;
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
                Path run = directory.resolve("run-" + runs.size());
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

        private SortedCaseIds merge() throws IOException {
            record Head(String id, DataInputStream in) {
            }
            PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> CanonicalOrder.compare(a.id(), b.id()));
            List<DataInputStream> inputs = new ArrayList<>();
            Path file = directory.resolve("sorted");
            long[] offsets = new long[16];
            int count = 0;
            long position = 0;
            try (DataOutputStream out = output(file)) {
                for (Path run : runs) {
                    DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run), 1 << 14));
                    inputs.add(in);
                    String first = readId(in);
                    if (first != null) heads.add(new Head(first, in));
                }
                String last = null;
                while (!heads.isEmpty()) {
                    Head h = heads.poll();
                    if (last == null || !last.equals(h.id())) {
                        if (count % STRIDE == 0) {
                            if (count / STRIDE == offsets.length) offsets = Arrays.copyOf(offsets, offsets.length * 2);
                            offsets[count / STRIDE] = position;
                        }
                        writeId(out, h.id());
                        position += 4 + 2L * h.id().length();
                        count++;
                        last = h.id();
                    }
                    String next = readId(h.in());
                    if (next != null) heads.add(new Head(next, h.in()));
                }
            } finally {
                for (DataInputStream in : inputs) in.close();
            }
            for (Path run : runs) Files.delete(run);
            runs.clear();
            return new SortedCaseIds(null, directory, file, Arrays.copyOf(offsets, (count + STRIDE - 1) / STRIDE + 1), count);
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
