package io.coalition.decisions.replay;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** {@link ReplayStore#inMemory}: a map under one lock. */
final class InMemoryReplayStore implements ReplayStore {
    private record Entry(String claimant, Instant expiresAt) {
    }

    private final Clock clock;
    private final Map<String, Entry> entries = new HashMap<>();

    InMemoryReplayStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized boolean claim(String key, String claimant, Instant expiresAt) {
        Instant now = clock.instant();
        entries.values().removeIf(e -> !e.expiresAt().isAfter(now));
        Entry held = entries.get(key);
        if (held != null) {
            return held.claimant().equals(claimant);
        }
        entries.put(key, new Entry(claimant, expiresAt));
        return true;
    }
}
