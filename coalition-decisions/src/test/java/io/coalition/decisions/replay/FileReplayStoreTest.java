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
}
