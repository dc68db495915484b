package io.coalition.decisions.replay;

import java.time.Clock;

/** One store shared by every handle, as replicas in one JVM share it. */
class InMemoryReplayStoreTest extends ReplayStoreContract {
    private ReplayStore shared;

    @Override
    ReplayStore open(Clock clock) {
        if (shared == null) {
            shared = ReplayStore.inMemory(clock);
        }
        return shared;
    }
}
