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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ReplayStore#file}: lines {@code <expires epoch ms> <key> <claimant>} (key and claimant base64url, so no
 * sender-chosen id can break a line), appended and forced under an exclusive lock on {@code <file>.lock}. Each claim
 * reads the whole file under the lock, so every replica sees every other's claims. When expired lines outnumber live
 * ones (and exceed {@value #COMPACT_AT}), the live ones are written to a new file that atomically replaces the old
 * one; the lock lives in its own file so that a replacement never leaves another process locking a stale file.
 * A last line without its newline is a writer that died mid-append: ignored, and cut off by the next append. Any
 * other malformed line stops the store (fail closed), naming file and line.
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

    FileReplayStore(Path file, Clock clock) {
        this.file = file;
        this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
        this.clock = clock;
        this.inProcess = IN_PROCESS.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new Object());
    }

    @Override
    public boolean claim(String key, String claimant, Instant expiresAt) {
        synchronized (inProcess) {
            try (FileChannel lock = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lock.lock();
                 FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                         StandardOpenOption.WRITE)) {
                return claim(ch, key, claimant, expiresAt.toEpochMilli());
            } catch (IOException e) {
                throw new DecisionsException("replay store " + file + ": cannot claim envelope " + key + ": "
                        + e.getMessage(), e);
            }
        }
    }

    private boolean claim(FileChannel ch, String key, String claimant, long expiresAt) throws IOException {
        long now = clock.millis();
        byte[] bytes = new byte[Math.toIntExact(ch.size())];
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining() && ch.read(buf, buf.position()) >= 0) {
            // read until full
        }
        Map<String, Entry> live = new HashMap<>();
        List<String> liveLines = new ArrayList<>();
        int expired = 0;
        int complete = 0; // bytes up to the last newline
        int lineNo = 0;
        for (int start = 0, nl; (nl = indexOf(bytes, (byte) '\n', start)) >= 0; start = nl + 1) {
            lineNo++;
            String line = new String(bytes, start, nl - start, StandardCharsets.UTF_8);
            String[] parts = line.split(" ", -1);
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
            complete = nl + 1;
            if (exp <= now) {
                expired++;
                continue;
            }
            if (live.putIfAbsent(k, new Entry(exp, c)) == null) {
                liveLines.add(line);
            }
        }
        Entry held = live.get(key);
        if (held != null) {
            return held.claimant().equals(claimant);
        }
        String entry = expiresAt + " " + encode(key) + " " + encode(claimant);
        if (expired > COMPACT_AT && expired > liveLines.size()) {
            liveLines.add(entry);
            replace(liveLines);
        } else {
            ch.truncate(complete); // a torn line left by a writer that died
            write(ch, complete, (entry + "\n").getBytes(StandardCharsets.UTF_8));
            ch.force(false);
        }
        return true;
    }

    /** The live lines to a new file, forced, then moved over the old one: a crash leaves one or the other. */
    private void replace(List<String> lines) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".compact");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            write(out, 0, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
            out.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
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
