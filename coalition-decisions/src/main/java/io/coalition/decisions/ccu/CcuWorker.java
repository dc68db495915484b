package io.coalition.decisions.ccu;

import io.coalition.decisions.DecisionsException;
import io.coalition.decisions.queue.RequestQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;

/**
 * One CCU replica's loop over the request queue: take the oldest request, process it, answer on the caller's
 * channel. Replicas share the queue, the store, the notary and the index (and the seed), so any replica serves
 * any request; if one stops, {@link RequestQueue#reclaim} hands its unanswered requests to the others.
 */
public final class CcuWorker implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(CcuWorker.class);

    private final String name;
    private final Ccu ccu;
    private final RequestQueue<CcuCall, CcuReply> queue;
    private final Duration leaseTimeout;
    private volatile boolean stopped;

    public CcuWorker(String name, Ccu ccu, RequestQueue<CcuCall, CcuReply> queue) {
        this(name, ccu, queue, null);
    }

    /**
     * A worker that also recovers requests of replicas that died: before each poll, {@link #run()} puts back
     * every request leased longer than {@code leaseTimeout} ({@link RequestQueue#reclaimIdle}). Choose it well
     * above the slowest request: a replica that is only slow then loses the race, which is safe (the first answer
     * wins, submissions are idempotent) but wasted work.
     */
    public CcuWorker(String name, Ccu ccu, RequestQueue<CcuCall, CcuReply> queue, Duration leaseTimeout) {
        this.name = name;
        this.ccu = ccu;
        this.queue = queue;
        this.leaseTimeout = leaseTimeout;
    }

    public String name() {
        return name;
    }

    /** Takes and processes one request if one comes within {@code wait}; returns whether it processed one. */
    public boolean processOne(Duration wait) throws InterruptedException {
        Optional<RequestQueue.Delivery<CcuCall>> d = queue.receive(name, wait);
        if (d.isEmpty()) {
            return false;
        }
        queue.complete(d.get(), handle(d.get().request(), d.get().correlationId()));
        return true;
    }

    /** Processes a request without answering it (what a replica that dies before answering has done). */
    CcuReply handle(CcuCall call, String correlationId) {
        // the correlation id is the claimant: another replica processing this same delivery is not a replay
        String claimant = "request:" + correlationId;
        try {
            if (call instanceof CcuCall.Submit) {
                return CcuReply.stored(ccu.submit(call.envelope(), call.sender(), claimant));
            }
            if (call instanceof CcuCall.SubmitBatch) {
                return CcuReply.storedBatch(ccu.submitBatch(call.envelope(), call.sender(), claimant));
            }
            return CcuReply.decision(ccu.decide(call.envelope(), call.sender(), claimant));
        } catch (RefusedException e) {
            log.info("{} refused a request: {}", name, e.getMessage());
            return CcuReply.refused(e);
        } catch (DecisionsException e) {
            // a model that cannot decide these records: the caller hears why, the replica keeps serving
            return CcuReply.refused(new RefusedException(RefusedException.Step.RECORD, e.getMessage(), e));
        }
    }

    /** Serves until {@link #stop()} or the thread is interrupted. */
    @Override
    public void run() {
        while (!stopped && !Thread.currentThread().isInterrupted()) {
            try {
                if (leaseTimeout != null) {
                    int back = queue.reclaimIdle(leaseTimeout);
                    if (back > 0) {
                        log.info("{} put back {} requests leased longer than {}", name, back, leaseTimeout);
                    }
                }
                processOne(Duration.ofMillis(200));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // an infrastructure failure (store, notary, queue): the request stays leased to this replica and
                // is not answered, so RequestQueue.reclaim/reclaimIdle can hand it to another; keep serving
                log.warn("{} failed to process a request (left for reclaim): {}", name, e.toString());
            }
        }
    }

    public void stop() {
        stopped = true;
    }
}
