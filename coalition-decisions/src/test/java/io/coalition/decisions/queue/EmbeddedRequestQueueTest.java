package io.coalition.decisions.queue;

class EmbeddedRequestQueueTest extends RequestQueueContract {
    @Override
    RequestQueue<String, String> create() {
        return new EmbeddedRequestQueue<>();
    }
}
