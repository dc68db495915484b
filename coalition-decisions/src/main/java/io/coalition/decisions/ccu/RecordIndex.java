package io.coalition.decisions.ccu;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The name pointers: which records a data name holds (IPNS-like names of seed 004). Shared by CCU replicas and
 * untrusted: the CCU checks every entry against the notary (the pointer hash binds name, structure, record id
 * and both CIDs) and every blob against its CID and its per-record key, so a forged or swapped entry is refused.
 */
public interface RecordIndex {
    /** Adds a record under its data name; refuses a record id the name already holds. */
    void add(StoredRecord record);

    /** The records under a data name, in the order they were added. */
    List<StoredRecord> records(String dataName);

    /** The record a submission envelope created, by the envelope's message id. */
    java.util.Optional<StoredRecord> byMessage(String messageId);

    /**
     * The persistent index in {@code file} (JSON lines, appended under a file lock): shared by replicas on one file
     * system; a replica that was down catches up by reading what was appended meanwhile.
     */
    static RecordIndex file(java.nio.file.Path file) {
        return new FileRecordIndex(file);
    }

    /** Whether the data name holds a record of that id (a scan unless the index keeps a lookup). */
    default boolean contains(String dataName, String recordId) {
        return records(dataName).stream().anyMatch(r -> r.recordId().equals(recordId));
    }

    /** The in-process index: a correct implementation for one process (tests, demo, replicas in one JVM). */
    static RecordIndex inMemory() {
        return new RecordIndex() {
            private final Map<String, List<StoredRecord>> byName = new HashMap<>();
            private final Map<String, StoredRecord> byMessage = new HashMap<>();
            private final Map<String, java.util.Set<String>> ids = new HashMap<>();

            @Override
            public synchronized void add(StoredRecord record) {
                List<StoredRecord> list = byName.computeIfAbsent(record.dataName(), k -> new ArrayList<>());
                if (!ids.computeIfAbsent(record.dataName(), k -> new java.util.HashSet<>()).add(record.recordId())) {
                    throw new RefusedException(RefusedException.Step.REQUEST, "data name " + record.dataName()
                            + " already holds record " + record.recordId(), null);
                }
                list.add(record);
                byMessage.putIfAbsent(record.messageId(), record); // a batch's first record stands for the batch
            }

            @Override
            public synchronized boolean contains(String dataName, String recordId) {
                return ids.getOrDefault(dataName, java.util.Set.of()).contains(recordId);
            }

            @Override
            public synchronized java.util.Optional<StoredRecord> byMessage(String messageId) {
                return java.util.Optional.ofNullable(byMessage.get(messageId));
            }

            @Override
            public synchronized List<StoredRecord> records(String dataName) {
                return List.copyOf(byName.getOrDefault(dataName, List.of()));
            }
        };
    }
}
