package io.coalition.streamaccess.bus;

/** The {@link StreamBusContract} on the embedded bus. */
class InMemoryStreamBusTest extends StreamBusContract {
    @Override
    StreamBus create(int capacity) {
        return new InMemoryStreamBus(capacity);
    }

    @Override
    String where() {
        return "stream bus";
    }
}
