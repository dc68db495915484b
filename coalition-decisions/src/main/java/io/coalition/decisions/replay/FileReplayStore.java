package io.coalition.decisions.replay;

import io.coalition.decisions.DecisionsException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ReplayStore#file}: lines {@code <expires epoch ms> <key> <claimant>} (key and claimant base64url, so no
 * sender-chosen id can break a line), appended and forced under an exclusive lock on {@code <file>.lock}. Each
 * handle keeps a view of the file's live entries and, under the lock, reads only the lines appended since it last
 * looked, so every replica sees every other's claims without re-reading what it has seen. When expired lines
 * outnumber live ones (and exceed {@value #COMPACT_AT}), the live ones are written to a new file that atomically
 * replaces the old one, and the generation number in the lock file goes up: a handle that sees another generation
 * reads the new file from its start. The lock lives in its own file so that a replacement never leaves another
 * process locking a stale file. A last line without its newline is a writer that died mid-append: ignored, and cut
 * off by the next append. Any other malformed line stops the store (fail closed), naming file and line.
 */
final class FileReplayStore implements ReplayStore {
    static final int COMPACT_AT = 1024;
    // file locks are per JVM: instances on one file in one JVM serialize on this first
    private static final ConcurrentHashMap<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final Path file;
    private final Path lockFile;
    private final Clock clock;
    private final Object inProcess;

    private record Entry(long expiresAt, String claimant) {
    }

    // the view of the file, guarded by inProcess (and the file lock while it is read)
    private final Map<String, Entry> live = new LinkedHashMap<>(); // file order, kept by a compaction
    private final PriorityQueue<Expiry> expiries = new PriorityQueue<>();
    private long generation = -1; // none read yet
    private long readUpTo; // bytes of the file read: up to the end of its last complete line
    private int lines; // complete lines in the file, live or not

    private record Expiry(long at, String key) implements Comparable<Expiry> {
        @Override
        public int compareTo(Expiry o) {
            return Long.compare(at, o.at);
        }
    }

    FileReplayStore(Path file, Clock clock) {
        this.file = file;
        this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
        this.clock = clock;
        this.inProcess = IN_PROCESS.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new Object());
    }

    @Override
    public boolean claim(String key, String claimant, Instant expiresAt) {
        synchronized (inProcess) {
            try (FileChannel lock = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
                 FileLock ignored = lock.lock();
                 FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                         StandardOpenOption.WRITE)) {
                return claim(lock, ch, key, claimant, expiresAt.toEpochMilli());
            } catch (IOException e) {
                generation = -1; // whatever was half read is read again
                throw new DecisionsException("replay store " + file + ": cannot claim envelope " + key + ": "
                        + e.getMessage(), e);
            } catch (DecisionsException e) {
                generation = -1;
                throw e;
            }
        }
    }

    private boolean claim(FileChannel lock, FileChannel ch, String key, String claimant, long expiresAt)
            throws IOException {
        long now = clock.millis();
        catchUp(lock, ch, now);
        Entry held = live.get(key);
        if (held != null) {
            return held.claimant().equals(claimant);
        }
        String entry = expiresAt + " " + encode(key) + " " + encode(claimant);
        int dead = lines - live.size();
        if (dead > COMPACT_AT && dead > live.size()) {
            List<String> liveLines = new ArrayList<>(live.size() + 1);
            live.forEach((k, e) -> liveLines.add(e.expiresAt() + " " + encode(k) + " " + encode(e.claimant())));
            liveLines.add(entry);
            // the generation goes up first: a crash before the move only makes the other handles read the file anew
            generation++;
            write(lock, 0, ByteBuffer.allocate(Long.BYTES).putLong(generation).array());
            lock.force(false);
            readUpTo = replace(liveLines);
            lines = liveLines.size();
        } else {
            ch.truncate(readUpTo); // a torn line left by a writer that died
            byte[] bytes = (entry + "\n").getBytes(StandardCharsets.UTF_8);
            write(ch, readUpTo, bytes);
            ch.force(false);
            readUpTo += bytes.length;
            lines++;
        }
        live.put(key, new Entry(expiresAt, claimant));
        expiries.add(new Expiry(expiresAt, key));
        return true;
    }

    /**
     * Brings the view up to the file: the lines appended since the last read, or the whole file when another
     * handle replaced it (another generation) or it is shorter than what was read (changed behind the store's
     * back).
     */
    private void catchUp(FileChannel lock, FileChannel ch, long now) throws IOException {
        long current = readGeneration(lock);
        long size = ch.size();
        if (current != generation || size < readUpTo) {
            live.clear();
            expiries.clear();
            readUpTo = 0;
            lines = 0;
            generation = current;
        }
        forgetExpired(now);
        if (size == readUpTo) {
            return;
        }
        byte[] bytes = new byte[Math.toIntExact(size - readUpTo)];
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining() && ch.read(buf, readUpTo + buf.position()) >= 0) {
            // read until full
        }
        int complete = 0; // bytes up to the last newline
        for (int start = 0, nl; (nl = indexOf(bytes, (byte) '\n', start)) >= 0; start = nl + 1) {
            int lineNo = lines + 1;
            String[] parts = new String(bytes, start, nl - start, StandardCharsets.UTF_8).split(" ", -1);
            long exp;
            String k;
            String c;
            try {
                if (parts.length != 3) {
                    throw new IllegalArgumentException("expected 3 fields, found " + parts.length);
                }
                exp = Long.parseLong(parts[0]);
                k = decode(parts[1]);
                c = decode(parts[2]);
            } catch (IllegalArgumentException e) {
                throw new DecisionsException("replay store " + file + ": line " + lineNo + " is not an entry: "
                        + e.getMessage(), e);
            }
            lines = lineNo;
            complete = nl + 1;
            if (exp > now && !live.containsKey(k)) { // the first live line for a key holds it
                live.put(k, new Entry(exp, c));
                expiries.add(new Expiry(exp, k));
            }
        }
        readUpTo += complete;
    }

    /** The compaction generation kept in the lock file (0 for a lock file that never saw one). */
    private static long readGeneration(FileChannel lock) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(Long.BYTES);
        while (buf.hasRemaining() && lock.read(buf, buf.position()) >= 0) {
            // read until full or end of file
        }
        return buf.hasRemaining() ? 0 : buf.getLong(0);
    }

    /** Drops the entries whose claim has expired: they no longer hold their key, and count as dead lines. */
    private void forgetExpired(long now) {
        while (!expiries.isEmpty() && expiries.peek().at() <= now) {
            Expiry x = expiries.poll();
            Entry e = live.get(x.key());
            if (e != null && e.expiresAt() == x.at()) {
                live.remove(x.key());
            }
        }
    }

    /**
     * The live lines to a new file, forced, then moved over the old one: a crash leaves one or the other. Returns the
     * new file's size.
     */
    private long replace(List<String> lines) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".compact");
        byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            write(out, 0, bytes);
            out.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return bytes.length;
    }

    private static void write(FileChannel ch, long at, byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            at += ch.write(buf, at);
        }
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static String encode(String s) {
        return B64.encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String s) {
        return new String(B64D.decode(s), StandardCharsets.UTF_8);
    }
}
