package io.coalition.decisions.ccu;

import io.coalition.decisions.DecisionsException;
import io.coalition.trust.cas.Cid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The persistent record index: shared by replicas, caught up after a restart, robust to a torn last line. */
class FileRecordIndexTest {
    @TempDir
    Path dir;

    static StoredRecord record(String id) {
        return new StoredRecord("Patients", "Patient", id, "id-p", "m-" + id, Cid.of(("full " + id).getBytes()),
                Cid.of(("light " + id).getBytes()), new byte[] {1, 2, 3});
    }

    @Test
    void aReplicaThatWasDown_seesWhatTheOthersAppended() {
        Path file = dir.resolve("index.jsonl");
        RecordIndex a = RecordIndex.file(file);
        RecordIndex b = RecordIndex.file(file);
        a.add(record("p1"));
        b.add(record("p2"));
        assertThat(a.records("Patients")).extracting(StoredRecord::recordId).containsExactly("p1", "p2");
        RecordIndex restarted = RecordIndex.file(file);
        assertThat(restarted.records("Patients")).extracting(StoredRecord::recordId).containsExactly("p1", "p2");
        assertThat(restarted.byMessage("m-p2")).get().extracting(StoredRecord::full).isEqualTo(record("p2").full());
        assertThat(restarted.records("Patients").get(0).pointer()).containsExactly(1, 2, 3);
    }

    @Test
    void recordIdAddedByAnotherReplica_isRefused() {
        Path file = dir.resolve("index.jsonl");
        RecordIndex.file(file).add(record("p1"));
        assertThatThrownBy(() -> RecordIndex.file(file).add(record("p1")))
                .isInstanceOf(RefusedException.class)
                .hasMessage("request: data name Patients already holds record p1");
    }

    @Test
    void tornLastLine_isIgnoredAndCutByTheNextAppend() throws Exception {
        Path file = dir.resolve("index.jsonl");
        RecordIndex.file(file).add(record("p1"));
        Files.write(file, "{\"dataName\":\"Pat".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        RecordIndex again = RecordIndex.file(file);
        assertThat(again.records("Patients")).hasSize(1);
        again.add(record("p2"));
        assertThat(RecordIndex.file(file).records("Patients")).extracting(StoredRecord::recordId).containsExactly("p1", "p2");
        assertThat(Files.readAllLines(file)).hasSize(2);
    }

    @Test
    void alteredLine_isRefusedNamingFileAndLine() throws Exception {
        Path file = dir.resolve("index.jsonl");
        RecordIndex.file(file).add(record("p1"));
        Files.write(file, "{\"dataName\":\"x\"}\n".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        assertThatThrownBy(() -> RecordIndex.file(file))
                .isInstanceOf(DecisionsException.class)
                .hasMessageStartingWith("record index " + file + ", line 2: not a record entry (expected JSON with "
                        + "dataName, dataStructure, recordId, provider, messageId, full, light, pointer): ");
    }
}
