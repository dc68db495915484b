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

/** The persistent record index: the contract on one file, plus a torn last line and an altered line. */
class FileRecordIndexTest extends RecordIndexContract {
    @TempDir
    Path dir;

    @Override
    RecordIndex open() {
        return RecordIndex.file(dir.resolve("index.jsonl"));
    }

    static StoredRecord record(String id) {
        return new StoredRecord("Patients", "Patient", id, "id-p", "m-" + id, Cid.of(("full " + id).getBytes()),
                Cid.of(("light " + id).getBytes()), new byte[] {1, 2, 3});
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
