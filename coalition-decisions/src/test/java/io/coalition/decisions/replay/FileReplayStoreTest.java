package io.coalition.decisions.replay;

import io.coalition.decisions.DecisionsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every handle is a new instance on one file: another replica process, or a restart. */
class FileReplayStoreTest extends ReplayStoreContract {
    @TempDir
    Path dir;

    Path file() {
        return dir.resolve("replays.log");
    }

    @Override
    ReplayStore open(Clock clock) {
        return ReplayStore.file(file(), clock);
    }

    @Test
    void aClaimSurvivesARestart() {
        assertThat(open(clock).claim("sender/m1", "request:1", expiry())).isTrue();
        assertThat(open(clock).claim("sender/m1", "request:2", expiry())).isFalse();
    }

    @Test
    void tornLastLine_isIgnoredAndCutOff() throws Exception {
        ReplayStore a = open(clock);
        assertThat(a.claim("sender/m1", "request:1", expiry())).isTrue();
        Files.writeString(file(), "17999", StandardOpenOption.APPEND); // a writer died mid-append
        assertThat(a.claim("sender/m2", "request:2", expiry())).isTrue();
        assertThat(Files.readAllLines(file())).hasSize(2).noneMatch(l -> l.startsWith("17999"));
        assertThat(a.claim("sender/m1", "request:3", expiry())).isFalse();
    }

    @Test
    void alteredLine_stopsTheStoreNamingFileAndLine() throws Exception {
        ReplayStore a = open(clock);
        a.claim("sender/m1", "request:1", expiry());
        Files.writeString(file(), "12 !!! x\n", StandardOpenOption.APPEND);
        assertThatThrownBy(() -> a.claim("sender/m2", "request:2", expiry()))
                .isInstanceOf(DecisionsException.class)
                .hasMessage("replay store " + file() + ": line 2 is not an entry: Illegal base64 character 21");
        Files.writeString(file(), "12 x\n");
        assertThatThrownBy(() -> a.claim("sender/m2", "request:2", expiry()))
                .hasMessage("replay store " + file() + ": line 1 is not an entry: expected 3 fields, found 2");
    }

    @Test
    void senderChosenIdsCannotForgeLines() {
        ReplayStore a = open(clock);
        assertThat(a.claim("sender/m1\n0 x y", "request:1 z", expiry())).isTrue();
        assertThat(open(clock).claim("sender/m1\n0 x y", "request:2", expiry())).isFalse();
        assertThat(open(clock).claim("sender/m1", "request:2", expiry())).isTrue();
    }

    @Test
    void expiredLines_areCompactedAway_liveOnesKept() throws Exception {
        ReplayStore a = open(clock);
        Instant start = clock.now;
        for (int i = 0; i <= FileReplayStore.COMPACT_AT; i++) {
            a.claim("sender/old-" + i, "request:" + i, start.plusSeconds(1));
        }
        assertThat(a.claim("sender/live", "request:live", expiry())).isTrue();
        assertThat(Files.readAllLines(file())).hasSize(FileReplayStore.COMPACT_AT + 2);
        clock.now = start.plusSeconds(2);
        // the next claim finds 1,025 expired lines and one live one: it rewrites the file with the live ones
        assertThat(a.claim("sender/new", "request:new", expiry())).isTrue();
        assertThat(Files.readAllLines(file(), StandardCharsets.UTF_8)).hasSize(2);
        assertThat(open(clock).claim("sender/live", "request:other", expiry())).isFalse();
        assertThat(open(clock).claim("sender/new", "request:other", expiry())).isFalse();
        assertThat(dir.resolve("replays.log.compact")).doesNotExist();
    }

    @Test
    void aHandleThatReadBeforeAnotherCompacted_readsTheNewFileFromItsStart() throws Exception {
        ReplayStore a = open(clock);
        ReplayStore b = open(clock);
        Instant start = clock.now;
        assertThat(b.claim("sender/first", "request:first", expiry())).isTrue(); // b has read one line
        for (int i = 0; i <= FileReplayStore.COMPACT_AT; i++) {
            a.claim("sender/old-" + i, "request:" + i, start.plusSeconds(1));
        }
        assertThat(a.claim("sender/live", "request:live", expiry())).isTrue();
        clock.now = start.plusSeconds(2);
        assertThat(a.claim("sender/new", "request:new", expiry())).isTrue(); // compacts: first, live, new
        assertThat(Files.readAllLines(file())).hasSize(3);
        // longer than the one line b read: only the lock file's generation tells b the file is another one
        assertThat(Files.size(file())).isGreaterThan(Files.readAllLines(file()).get(0).length() + 1L);
        assertThat(Files.readAllBytes(dir.resolve("replays.log.lock"))).containsExactly(0, 0, 0, 0, 0, 0, 0, 1);
        assertThat(b.claim("sender/live", "request:other", expiry())).isFalse();
        assertThat(b.claim("sender/new", "request:other", expiry())).isFalse();
        assertThat(b.claim("sender/first", "request:other", expiry())).isFalse();
        assertThat(b.claim("sender/old-3", "request:3", expiry())).isTrue(); // expired and compacted away
        assertThat(a.claim("sender/old-3", "request:other", expiry())).isFalse(); // a sees b's append
    }

    @Test
    void appendsByOtherHandles_areSeenWithoutReadingTheFileAgain() throws Exception {
        ReplayStore a = open(clock);
        ReplayStore b = open(clock);
        assertThat(a.claim("sender/m1", "request:1", expiry())).isTrue();
        assertThat(b.claim("sender/m2", "request:2", expiry())).isTrue();
        // a line a has already read, altered in place: a does not read it again (only what was appended since)...
        String text = Files.readString(file());
        Files.writeString(file(), text.replaceFirst("^\\d", "x"));
        assertThat(a.claim("sender/m2", "request:9", expiry())).isFalse();
        assertThat(a.claim("sender/m3", "request:3", expiry())).isTrue();
        assertThat(b.claim("sender/m3", "request:9", expiry())).isFalse();
        // ...while a new handle reads the whole file and stops at it (fail closed)
        assertThatThrownBy(() -> open(clock).claim("sender/m4", "request:4", expiry()))
                .isInstanceOf(DecisionsException.class)
                .hasMessageStartingWith("replay store " + file() + ": line 1 is not an entry: For input string: \"x");
    }
}
