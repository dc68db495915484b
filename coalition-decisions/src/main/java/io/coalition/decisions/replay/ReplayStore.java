package io.coalition.decisions.replay;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/**
 * Which envelopes the CCU replicas have accepted, shared by all of them, so an envelope is accepted once across
 * every replica, not once per replica. An entry lives until its envelope leaves the freshness window
 * ({@code expiresAt} = sealing time + window): after that the envelope's own timestamp refuses it.
 *
 * <p>The key is the sender's fingerprint and the envelope's message id (both in the signed header); the claimant is
 * the request queue's correlation id. A claim by the same claimant again succeeds: that is the queue redelivering one
 * request to another replica (at-least-once), not a replay. A new correlation id for the same envelope is a replay.
 * Stores fail closed: if the store cannot answer, {@link #claim} throws and nothing is accepted.
 */
public interface ReplayStore {
    /**
     * Claims envelope {@code key} for {@code claimant} until {@code expiresAt}. True if nobody holds a live claim on
     * it or {@code claimant} holds it; false if another claimant does (a replay).
     */
    boolean claim(String key, String claimant, Instant expiresAt);

    /** One JVM (replicas in one process, tests, demos); expired entries are dropped as claims come in. */
    static ReplayStore inMemory(Clock clock) {
        return new InMemoryReplayStore(clock);
    }

    /**
     * Replicas on one file system: one line per claim appended under a file lock and forced to disk, so a claim
     * survives a restart; expired lines are compacted away under the same lock.
     */
    static ReplayStore file(Path file, Clock clock) {
        return new FileReplayStore(file, clock);
    }
}
