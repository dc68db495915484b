package io.coalition.decisions.ccu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coalition.decisions.DecisionsException;
import io.coalition.trust.cas.Cid;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The persistent {@link RecordIndex}: one JSON line per record, appended under an exclusive file lock and forced
 * to disk, so several CCU replicas (threads or processes on one file system) share it, and a replica that was down
 * catches up by reading the lines appended meanwhile (every call first reads what is new since its last offset).
 * A last line without its newline is a writer that died mid-append: it is ignored when reading and cut off by the
 * next append. The index stays untrusted (see {@link RecordIndex}): the CCU checks every entry against the notary.
 */
final class FileRecordIndex implements RecordIndex {
    private static final ObjectMapper JSON = new ObjectMapper();
    // File locks belong to the whole JVM (a second lock on the same file throws OverlappingFileLockException), so
    // instances on one file in one JVM (replicas in tests and demos) take this lock first.
    private static final java.util.concurrent.ConcurrentHashMap<Path, Object> IN_PROCESS = new java.util.concurrent.ConcurrentHashMap<>();

    private final Path file;
    private final Map<String, List<StoredRecord>> byName = new HashMap<>();
    private final Map<String, StoredRecord> byMessage = new HashMap<>();
    private long offset;
    private int line;

    private final Object inProcess;

    FileRecordIndex(Path file) {
        this.file = file;
        this.inProcess = IN_PROCESS.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new Object());
        refresh();
    }

    private FileChannel open() throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    @Override
    public synchronized void add(StoredRecord record) {
        synchronized (inProcess) {
            append(record);
        }
    }

    private void append(StoredRecord record) {
        try (FileChannel ch = open(); FileLock ignored = ch.lock()) {
            catchUp(ch);
            if (byName.getOrDefault(record.dataName(), List.of()).stream().anyMatch(r -> r.recordId().equals(record.recordId()))) {
                throw new RefusedException(RefusedException.Step.REQUEST, "data name " + record.dataName()
                        + " already holds record " + record.recordId(), null);
            }
            ch.truncate(offset); // a torn line left by a writer that died
            byte[] bytes = (json(record) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            long at = offset;
            while (buf.hasRemaining()) {
                at += ch.write(buf, at);
            }
            ch.force(false);
            catchUp(ch);
        } catch (IOException e) {
            throw new DecisionsException("record index " + file + ": cannot append record " + record.recordId() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<StoredRecord> records(String dataName) {
        refresh();
        return List.copyOf(byName.getOrDefault(dataName, List.of()));
    }

    @Override
    public synchronized Optional<StoredRecord> byMessage(String messageId) {
        refresh();
        return Optional.ofNullable(byMessage.get(messageId));
    }

    private void refresh() {
        synchronized (inProcess) {
            try (FileChannel ch = open(); FileLock ignored = ch.lock(0, Long.MAX_VALUE, true)) {
                catchUp(ch);
            } catch (IOException e) {
                throw new DecisionsException("record index " + file + ": cannot read: " + e.getMessage(), e);
            }
        }
    }

    /** Reads the complete lines after {@link #offset}. */
    private void catchUp(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size <= offset) {
            return;
        }
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(size - offset));
        long at = offset;
        while (buf.hasRemaining() && ch.read(buf, at + buf.position()) > 0) {
            // read until full
        }
        byte[] bytes = buf.array();
        long base = offset;
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                apply(new String(bytes, start, i - start, StandardCharsets.UTF_8), line + 1);
                line++;
                start = i + 1;
                offset = base + start; // per line: a bad line is reported again, good ones are not re-applied
            }
        }
    }

    private void apply(String text, int lineNumber) {
        StoredRecord r;
        try {
            r = decode(text);
        } catch (IOException | RuntimeException e) {
            throw new DecisionsException("record index " + file + ", line " + lineNumber + ": not a record entry (expected "
                    + "JSON with dataName, dataStructure, recordId, provider, messageId, full, light, pointer): "
                    + e.getMessage(), e);
        }
        byName.computeIfAbsent(r.dataName(), k -> new ArrayList<>()).add(r);
        byMessage.put(r.messageId(), r);
    }

    /** One record as a JSON object (also the Redis index's entry format). */
    static String json(StoredRecord r) {
        try {
            return JSON.writeValueAsString(encode(r));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static StoredRecord decode(String text) throws IOException {
        JsonNode o = JSON.readTree(text);
        return new StoredRecord(o.get("dataName").asText(), o.get("dataStructure").asText(), o.get("recordId").asText(),
                o.get("provider").asText(), o.get("messageId").asText(), Cid.parse(o.get("full").asText()),
                Cid.parse(o.get("light").asText()), Base64.getDecoder().decode(o.get("pointer").asText()));
    }

    private static Map<String, String> encode(StoredRecord r) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("dataName", r.dataName());
        m.put("dataStructure", r.dataStructure());
        m.put("recordId", r.recordId());
        m.put("provider", r.provider());
        m.put("messageId", r.messageId());
        m.put("full", r.full().toString());
        m.put("light", r.light().toString());
        m.put("pointer", Base64.getEncoder().encodeToString(r.pointer()));
        return m;
    }
}
