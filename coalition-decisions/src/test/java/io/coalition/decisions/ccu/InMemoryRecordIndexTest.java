package io.coalition.decisions.ccu;

class InMemoryRecordIndexTest extends RecordIndexContract {
    private final RecordIndex index = RecordIndex.inMemory();

    @Override
    RecordIndex open() {
        return index; // one process: every replica holds the same instance
    }
}
