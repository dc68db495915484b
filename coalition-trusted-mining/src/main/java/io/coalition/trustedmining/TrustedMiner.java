package io.coalition.trustedmining;

import io.coalition.mining.declare.DeclareModel;
import io.coalition.mining.heuristics.HeuristicsNet;
import io.coalition.mining.heuristics.HeuristicsParameters;
import io.coalition.mining.tree.ProcessTree;
import io.coalition.mining.tree.TreeToPetriNet;
import io.coalition.trust.TrustException;
import io.coalition.trust.enclave.Enclave;
import io.coalition.trust.enclave.EnclaveApplication;
import io.coalition.mining.heuristics.HeuristicsMiner;
import io.coalition.trust.notary.Receipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Trusted Miner (seed 000, section 3), an {@link EnclaveApplication}: attests to every Log Provider, fetches
 * their case indexes and segments (from all providers concurrently, consumed in provider order), checks and decrypts each one inside the enclave, merges the partial traces of
 * each case ({@link CaseMerger}) as soon as all its events have arrived, and mines the merged log. Only models
 * leave {@link #run}; the merged events stay in the enclave and are dropped when the run ends.
 *
 * <p>Each message is checked, in this order, and a failure aborts the run (fail closed, no partial result):
 * sender organization, provider signature with the key pinned for that organization, session, kind and sequence
 * number (the next expected one: a replayed, reordered or missing segment is refused), segment count, notary
 * receipt (its hash is SHA-256 of the message), HPKE decryption with the enclave's key (associated data = header),
 * and finally the payload's consistency with the case index.
 */
public final class TrustedMiner implements EnclaveApplication {
    private static final Logger log = LoggerFactory.getLogger(TrustedMiner.class);
    private static final int MAX_FETCH_THREADS = 8;
    /** Segments asked for in a provider's first batch, before their size is known. */
    private static final int FIRST_BATCH = 4;
    private static final int MAX_BATCH = 64;
    /** Ciphertext bytes a batch may hold once segment sizes are known: bounds the miner's buffers per provider. */
    private static final int DEFAULT_BATCH_BYTES = 1024 * 1024;
    private static final ThreadFactory FETCH_THREADS = new ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "coalition-trusted-mining-fetch-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    };

    private final Map<String, PublicKey> providerKeys;
    private final Map<String, Duration> clockSkew;
    private final RetryPolicy retry;
    private final Sleeper sleeper;
    private Enclave enclave;
    /**
     * Fetch threads, kept across runs (issue 6: building a pool per run started up to 8 threads per run); idle
     * threads end after {@link #IDLE_THREAD_SECONDS}, so a miner that is never stopped leaves none behind.
     */
    private java.util.concurrent.ThreadPoolExecutor fetchPool;
    private final Object poolLock = new Object();
    private static final int IDLE_THREAD_SECONDS = 30;
    private int lastPeakCasesInFlight;
    private int batchBytes = DEFAULT_BATCH_BYTES;
    private long lastPeakEventsInFlight;
    private CaseFeed.Kept lastKept;

    /**
     * @param providerKeys the signing key pinned per organization; a provider without one is refused
     * @param clockSkew    optional per-organization correction added to its timestamps before merging
     */
    public TrustedMiner(Map<String, PublicKey> providerKeys, Map<String, Duration> clockSkew) {
        this(providerKeys, clockSkew, RetryPolicy.DEFAULT);
    }

    public TrustedMiner(Map<String, PublicKey> providerKeys, Map<String, Duration> clockSkew, RetryPolicy retry) {
        this(providerKeys, clockSkew, retry, d -> {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CancellationException("interrupted while waiting to retry a provider");
            }
        });
    }

    /**
     * As {@link #TrustedMiner(Map, Map, RetryPolicy)}, waiting between retries with {@code sleeper} (e.g. one that
     * moves an injected clock, so tests of backoff and rate limits do not sleep).
     */
    public TrustedMiner(Map<String, PublicKey> providerKeys, Map<String, Duration> clockSkew, RetryPolicy retry, Sleeper sleeper) {
        // converted once for Ecdsa: each verification reuses the pinned key's precomputed multiples (issue 6)
        Map<String, PublicKey> prepared = new java.util.HashMap<>();
        providerKeys.forEach((org, key) -> prepared.put(org, io.coalition.trust.Ecdsa.prepare(key)));
        this.providerKeys = Map.copyOf(prepared);
        this.clockSkew = Map.copyOf(clockSkew);
        this.retry = retry;
        this.sleeper = sleeper;
    }

    /**
     * The artifact measured as the miner's enclave image on the sim platform: this class's bytecode, so the
     * reference value changes with the miner's code. (A hardware deployment measures the whole enclave image.)
     */
    public static byte[] artifact() {
        try (InputStream in = TrustedMiner.class.getResourceAsStream("TrustedMiner.class")) {
            return Objects.requireNonNull(in, "TrustedMiner.class resource").readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Trusted Miner's class file", e);
        }
    }

    @Override
    public void start(Enclave enclave) {
        this.enclave = enclave;
    }

    @Override
    public void stop() {
        this.enclave = null;
        synchronized (poolLock) { // not the run's lock: stopping interrupts a run's fetches instead of waiting for it
            if (fetchPool != null) fetchPool.shutdownNow();
            fetchPool = null;
        }
    }

    /** The fetch pool, created at the first run. */
    private ExecutorService fetchPool() {
        synchronized (poolLock) {
            return fetchPoolLocked();
        }
    }

    private ExecutorService fetchPoolLocked() {
        if (fetchPool == null) {
            fetchPool = new java.util.concurrent.ThreadPoolExecutor(MAX_FETCH_THREADS, MAX_FETCH_THREADS, IDLE_THREAD_SECONDS,
                    java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), FETCH_THREADS);
            fetchPool.allowCoreThreadTimeOut(true);
        }
        return fetchPool;
    }

    /**
     * Runs the protocol with {@code providers} (their order is the tie-break order of the merge) and computes
     * {@code analyses} for {@code requester}, whom every provider's usage policy must allow.
     *
     * <p>A provider that is unavailable ({@link ProviderUnavailableException}) is retried with backoff; one that
     * restarted ({@link UnknownSessionException}) is attested again and the transfer resumes at the segment that
     * was due, provided it serves the same case index and segment count. A provider still unavailable after the
     * retries is left out and the result says so ({@link MiningResult#partial()}); any failed security check
     * aborts the whole run.
     */
    public synchronized MiningResult run(List<ProviderEndpoint> providers, Set<Analysis> analyses, String requester) {
        return run(providers, analyses, requester, Optional.empty());
    }

    /**
     * As {@link #run(List, Set, String)}, with the Declare model that {@link Analysis#DECLARE_CONFORMANCE} checks
     * the merged cases against (its per-case results, case id and counts, are part of the result).
     */
    public synchronized MiningResult run(List<ProviderEndpoint> providers, Set<Analysis> analyses, String requester,
                                         Optional<DeclareModel> declareModel) {
        if (analyses.contains(Analysis.DECLARE_CONFORMANCE) && declareModel.isEmpty()) {
            throw new TrustedMiningException("analysis 'declare-conformance' needs a Declare model");
        }
        if (enclave == null) throw new IllegalStateException("the Trusted Miner runs only inside a started enclave");
        if (providers.isEmpty()) throw new TrustedMiningException("no provider to mine");
        if (analyses.isEmpty()) throw new TrustedMiningException("no analysis requested");
        if (analyses.contains(Analysis.INDUCTIVE) && analyses.contains(Analysis.INDUCTIVE_DFG)) {
            throw new TrustedMiningException("analyses 'inductive' and 'inductive-dfg' both produce the inductive model: ask for one");
        }
        Set<Analysis> wanted = EnumSet.copyOf(analyses);
        int n = providers.size();
        List<Session> sessions = new ArrayList<>(n);
        for (ProviderEndpoint p : providers) {
            PublicKey key = providerKeys.get(p.organization());
            if (key == null) {
                throw new TrustedMiningException("provider " + p.organization() + " is not trusted by this miner (no pinned key)");
            }
            sessions.add(new Session(p, key, wanted, requester));
        }
        // Attest and fetch case indexes: how many events each provider will send per case, so a case is known to
        // be complete.
        RunTasks pool = new RunTasks(fetchPool());
        try {
            return run(sessions, pool, wanted, requester, declareModel);
        } finally {
            pool.cancelAll(); // a run that failed leaves no task of its own behind (was: one pool per run, shut down)
            for (Session s : sessions) s.close();
        }
    }

    /**
     * The protocol proper. Providers are served concurrently (one task per provider and batch on {@code pool}), but
     * results are consumed in provider order, so the merge and every message check are deterministic.
     *
     * <p>Memory: every provider serves its cases in canonical order (ascending case ids, {@link SegmentCodec#compareKeys}),
     * so the streams are merged like sorted runs: a case is complete as soon as every provider's stream is past its
     * key (or at it with all its events in), and is then merged, handed to the {@link CaseFeed} and dropped. Each
     * stream is checked against its provider's index summary case by case ({@link CaseStream}), so nothing is held
     * per case of the log: only the cases in flight, which the retrieval plan bounds.
     */
    private MiningResult run(List<Session> sessions, RunTasks pool, Set<Analysis> wanted, String requester,
                             Optional<DeclareModel> declareModel) {
        int n = sessions.size();
        List<String> unavailable = new ArrayList<>();
        // all providers at once; the first in the calling thread, which would otherwise only wait
        List<Future<Object>> starts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Session s = sessions.get(i);
            starts.add(i == 0 ? null : pool.submit(() -> {
                s.start();
                return null;
            }));
        }
        starts.set(0, inline(() -> {
            sessions.get(0).start();
            return null;
        }));
        CaseStream[] streams = new CaseStream[n];
        for (int i = 0; i < n; i++) {
            Session s = sessions.get(i);
            streams[i] = new CaseStream("provider " + s.organization());
            try {
                await(starts.get(i));
            } catch (ProviderUnavailableException e) {
                log.warn("provider {} unavailable, left out: {}", s.organization(), e.getMessage());
                s.gone = true;
                unavailable.add(s.organization());
                streams[i].abandon(null);
                continue;
            }
            s.index = SegmentCodec.decodeIndex(s.indexPlaintext, "provider " + s.organization() + " case index");
            s.indexPlaintext = null;
            if (!s.more()) streams[i].finish(s.index);
        }
        CaseFeed feed = new CaseFeed(wanted, declareModel);
        Duration[] skews = new Duration[n];
        for (int i = 0; i < n; i++) skews[i] = clockSkew.getOrDefault(sessions.get(i).organization(), Duration.ZERO);
        // the cases whose events are arriving, by case key in canonical order: their events in columns
        java.util.TreeMap<String, PendingCase> pending = new java.util.TreeMap<>(SegmentCodec::compareKeys);
        SegmentCodec.Columns columns = new SegmentCodec.Columns();
        long events = 0;
        int cases = 0;
        int incomplete = 0;
        int[] shared = new int[n]; // per provider: merged cases it sent events of together with another provider
        int peakInFlight = 0;
        long bufferedEvents = 0;
        long peakEvents = 0;
        while (true) {
            // Retrieval plan: fetch from the providers furthest behind in key order (all of them at first), so no
            // provider runs ahead and leaves many cases half-received: that bounds the cases and events in flight.
            List<Session> due = new ArrayList<>(n);
            String behind = null;
            boolean any = false;
            for (int i = 0; i < n; i++) {
                Session s = sessions.get(i);
                if (s.gone || !s.more()) continue;
                String at = streams[i].position();
                if (!any || behind != null && (at == null || SegmentCodec.compareKeys(at, behind) < 0)) behind = at;
                any = true;
            }
            if (!any) break;
            for (int i = 0; i < n; i++) {
                Session s = sessions.get(i);
                if (s.gone || !s.more()) continue;
                String at = streams[i].position();
                if (behind == null ? at == null : at != null && SegmentCodec.compareKeys(at, behind) == 0) due.add(s);
            }
            // the due providers at once, the first of them in the calling thread (no hand-off when it is alone)
            List<Future<List<Opened>>> fetches = new ArrayList<>(n);
            int first = -1;
            for (int i = 0; i < n; i++) {
                Session s = sessions.get(i);
                if (!due.contains(s)) {
                    fetches.add(null);
                } else if (first < 0) {
                    first = i;
                    fetches.add(null);
                } else {
                    fetches.add(pool.submit(s::nextBatch));
                }
            }
            fetches.set(first, inline(sessions.get(first)::nextBatch));
            for (int i = 0; i < n; i++) {
                if (fetches.get(i) == null) continue;
                Session s = sessions.get(i);
                CaseStream stream = streams[i];
                List<Opened> batch;
                try {
                    batch = await(fetches.get(i));
                } catch (ProviderUnavailableException e) {
                    log.warn("provider {} unavailable mid-transfer, left out: {}", s.organization(), e.getMessage());
                    s.gone = true;
                    unavailable.add(s.organization());
                    incomplete += stream.abandon(s.index);
                    batch = List.of();
                }
                Duration skew = skews[i];
                for (Opened o : batch) {
                    String where = "provider " + s.organization() + " segment " + o.sequence();
                    SegmentCodec.decodeColumns(o.plaintext(), where, columns);
                    for (int k = 0; k < columns.chunks; k++) {
                        String caseId = columns.caseIds[k];
                        int from = columns.chunkStart(k);
                        int count = columns.chunkEnd[k] - from;
                        stream.chunk(caseId, columns.caseEvents[k], count, where);
                        s.events += count;
                        PendingCase pc = pending.get(caseId);
                        if (pc == null) {
                            pc = new PendingCase(caseId, count);
                            pending.put(caseId, pc);
                            peakInFlight = Math.max(peakInFlight, pending.size());
                        } else {
                            PendingCase grown = pc.ensure(count);
                            if (grown != pc) pending.put(caseId, pc = grown);
                        }
                        pc.add(i, columns, from, count, skew);
                        peakEvents = Math.max(peakEvents, bufferedEvents += count);
                        // the provider moved: the smallest pending cases may be complete now
                        while (!pending.isEmpty() && doneWith(streams, pending.firstKey())) {
                            PendingCase done = pending.pollFirstEntry().getValue();
                            events += done.size;
                            bufferedEvents -= done.size;
                            done.countShared(shared);
                            done.mergeInto(feed, cases++);
                        }
                    }
                }
                if (!s.gone && !s.more()) stream.finish(s.index);
            }
            while (!pending.isEmpty() && doneWith(streams, pending.firstKey())) {
                PendingCase done = pending.pollFirstEntry().getValue();
                events += done.size;
                bufferedEvents -= done.size;
                done.countShared(shared);
                done.mergeInto(feed, cases++);
            }
        }
        if (unavailable.size() == n) {
            throw new ProviderUnavailableException("no provider available: " + String.join(", ", unavailable));
        }
        if (!pending.isEmpty()) throw new IllegalStateException(pending.size() + " cases pending after every stream ended");
        for (int i = 0; i < n; i++) {
            sessions.get(i).cases = streams[i].casesWithEvents();
            sessions.get(i).sharedCases = shared[i];
        }
        this.lastPeakCasesInFlight = peakInFlight;
        this.lastPeakEventsInFlight = peakEvents;
        MiningResult result = mine(feed, wanted, requester, sessions, cases, events, unavailable, incomplete);
        log.info("trusted mining for {}: {} providers ({} unavailable), {} cases ({} incomplete, at most {} in flight), {} events, analyses {}",
                requester, n, unavailable.size(), cases, incomplete, peakInFlight, events, wanted);
        return result;
    }

    /** Whether no provider will send more of case {@code key} (see {@link CaseStream#doneWith}). */
    private static boolean doneWith(CaseStream[] streams, String key) {
        for (CaseStream s : streams) {
            if (!s.doneWith(key)) return false;
        }
        return true;
    }

    /**
     * Ciphertext bytes the miner asks for per provider and batch once segment sizes are known (default 1 MiB, at
     * least one segment): larger batches mean fewer notarizations, smaller ones fewer events held at once.
     */
    public synchronized TrustedMiner batchBytes(int bytes) {
        if (bytes < 1) throw new TrustedMiningException("batch size " + bytes + " bytes, expected at least 1");
        this.batchBytes = bytes;
        return this;
    }

    /**
     * The largest number of cases that were partly received but not yet complete during the last run. A sparse
     * provider's one segment can touch every case, so this can reach the number of cases; what bounds memory is
     * {@link #lastPeakEventsInFlight()}.
     */
    public synchronized int lastPeakCasesInFlight() {
        return lastPeakCasesInFlight;
    }

    /**
     * The largest number of events held at once during the last run (received, their case not yet complete):
     * complete cases are mined and dropped, and a provider is only asked for more when no other is further
     * behind in case order, so this is bounded by about one batch per provider, not by the size of the log.
     */
    public synchronized long lastPeakEventsInFlight() {
        return lastPeakEventsInFlight;
    }

    /** What the last run's analyses kept at its end (edges, durations, variants, counters, per-case results). */
    synchronized CaseFeed.Kept lastKept() {
        return lastKept;
    }

    private MiningResult mine(CaseFeed feed, Set<Analysis> wanted, String requester, List<Session> sessions, int cases,
                              long events, List<String> unavailable, int incomplete) {
        Optional<HeuristicsNet> hn = feed.heuristics();
        Optional<io.coalition.mining.petri.AcceptingPetriNet> hpn = hn.map(HeuristicsMiner::toPetriNet);
        Optional<ProcessTree> tree = feed.inductiveTree();
        lastKept = feed.kept();
        List<MiningResult.ProviderReport> reports = new ArrayList<>();
        for (Session s : sessions) {
            if (s.grant == null) continue;
            reports.add(new MiningResult.ProviderReport(s.organization(), s.grant.session(), s.segments, s.events,
                    s.cases, s.sharedCases, s.index == null ? 0 : s.index.cases(), s.grant.attestation(), s.receipts));
        }
        return new MiningResult(requester, enclave.measurementHex(), wanted, cases, events, reports, unavailable, incomplete,
                hn, hpn, feed.dfg(),
                tree, tree.map(TreeToPetriNet::convert),
                feed.declare(), feed.conformance());
    }

    /** One run's tasks on the shared fetch pool: cancelled (interrupted) together when the run ends. */
    private static final class RunTasks {
        private final ExecutorService pool;
        private final List<Future<?>> tasks = new ArrayList<>();

        RunTasks(ExecutorService pool) {
            this.pool = pool;
        }

        <T> Future<T> submit(java.util.concurrent.Callable<T> task) {
            // only the outstanding ones: a done future holds its batch's plaintexts, which must not outlive the round
            tasks.removeIf(Future::isDone);
            Future<T> f = pool.submit(task);
            tasks.add(f);
            return f;
        }

        void cancelAll() {
            for (Future<?> f : tasks) f.cancel(true);
        }
    }

    /** Runs {@code task} in the calling thread, as a completed future (its exception kept for {@link #await}). */
    private static <T> Future<T> inline(java.util.concurrent.Callable<T> task) {
        java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
        try {
            f.complete(task.call());
        } catch (Exception e) {
            f.completeExceptionally(e);
        }
        return f;
    }

    /** The task's result; its unchecked exception as is (so callers can tell unavailability from a failed check). */
    private static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for a provider");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * A case whose events are still arriving, in columns (activity, timestamp, provider), in arrival order: each
     * provider's events in its log order. Sized by the case's announced events, so it never grows.
     */
    private static final class PendingCase {
        final String caseId;
        final String[] activities;
        final long[] seconds;
        final int[] nanos;
        final byte[] provider;
        int size;

        PendingCase(String caseId, int capacity) {
            this.caseId = caseId;
            activities = new String[capacity];
            seconds = new long[capacity];
            nanos = new int[capacity];
            provider = new byte[capacity];
        }

        /**
         * Room for {@code count} more events: grown as they arrive (doubling), since a sparse provider starts many
         * cases long before their other parts arrive.
         */
        PendingCase ensure(int count) {
            if (size + count <= activities.length) return this;
            PendingCase bigger = new PendingCase(caseId, Math.max(size + count, 2 * activities.length));
            System.arraycopy(activities, 0, bigger.activities, 0, size);
            System.arraycopy(seconds, 0, bigger.seconds, 0, size);
            System.arraycopy(nanos, 0, bigger.nanos, 0, size);
            System.arraycopy(provider, 0, bigger.provider, 0, size);
            bigger.size = size;
            return bigger;
        }

        void add(int p, SegmentCodec.Columns in, int from, int count, Duration skew) {
            for (int e = from; e < from + count; e++) {
                long sec = in.seconds[e];
                int nano = in.nanos[e];
                if (nano < 0) {
                    throw new TrustedMiningException("case " + caseId + ": an event of provider " + (p + 1) + " has no time:timestamp");
                }
                if (!skew.isZero()) {
                    java.time.Instant t = java.time.Instant.ofEpochSecond(sec, nano).plus(skew);
                    sec = t.getEpochSecond();
                    nano = t.getNano();
                }
                activities[size] = in.activities[e];
                seconds[size] = sec;
                nanos[size] = nano;
                provider[size++] = (byte) p;
            }
        }

        /** Stable order by timestamp, then provider (within a provider, arrival = log order): {@link CaseMerger}'s order. */
        private int compare(int a, int b) {
            int c = Long.compare(seconds[a], seconds[b]);
            if (c == 0) c = Integer.compare(nanos[a], nanos[b]);
            return c != 0 ? c : Integer.compare(provider[a], provider[b]);
        }

        /**
         * Counts this case for each provider that sent events of it, when two or more did: a provider whose cases
         * never meet another's most likely serves them under another id (its merge key).
         */
        void countShared(int[] shared) {
            if (size < 2) return; // no events (a case announced without any) or one: one provider at most
            int first = provider[0];
            int i = 1;
            while (i < size && provider[i] == first) i++;
            if (i == size) return;
            boolean[] seen = new boolean[shared.length];
            for (int e = 0; e < size; e++) {
                if (!seen[provider[e]]) {
                    seen[provider[e]] = true;
                    shared[provider[e]]++;
                }
            }
        }

        void mergeInto(CaseFeed feed, int ordinal) {
            int n = size;
            int[] order = new int[n];
            boolean ordered = true;
            for (int i = 0; i < n; i++) {
                order[i] = i;
                if (i > 0 && compare(i - 1, i) > 0) ordered = false;
            }
            if (!ordered) {
                if (n <= 64) {
                    for (int i = 1; i < n; i++) { // insertion sort: stable
                        int x = order[i];
                        int j = i - 1;
                        while (j >= 0 && compare(order[j], x) > 0) {
                            order[j + 1] = order[j];
                            j--;
                        }
                        order[j + 1] = x;
                    }
                } else {
                    Integer[] boxed = new Integer[n];
                    for (int i = 0; i < n; i++) boxed[i] = i;
                    java.util.Arrays.sort(boxed, this::compare); // object sort is stable
                    for (int i = 0; i < n; i++) order[i] = boxed[i];
                }
            }
            String[] names = new String[n];
            long[] millis = new long[n];
            for (int i = 0; i < n; i++) {
                int e = order[i];
                names[i] = activities[e];
                millis[i] = Math.addExact(Math.multiplyExact(seconds[e], 1000L), nanos[e] / 1_000_000);
            }
            feed.add(ordinal, caseId, names, millis);
        }
    }

    /** The miner's side of one provider's session, with retry, re-attestation and resume. */
    private final class Session {
        final ProviderEndpoint provider;
        final PublicKey key;
        final Set<Analysis> analyses;
        final String requester;
        final List<Receipt> receipts = new ArrayList<>();
        ProviderEndpoint.SessionGrant grant;
        byte[] indexPlaintext; // the last index received, until it is decoded (or compared after a restart)
        SegmentCodec.IndexSummary index; // the session's index summary, which its stream of cases is checked against
        byte[] indexDigest; // SHA-256 of the index: a resumed session must serve the same one
        int segments;
        int cases;
        int sharedCases;
        long events;
        int next; // next expected sequence number: 0 = index
        boolean gone;
        SessionCipher cipher; // from the session's HPKE context, set by the verified index
        List<Opened> prefetched; // segments that came with the index, consumed by the first nextBatch
        int largestCiphertext;
        /** The last batch manifest and signature that verified with the pinned key (see {@link #verifies}). */
        private byte[] verifiedManifest;
        private byte[] verifiedSignature;

        Session(ProviderEndpoint provider, PublicKey key, Set<Analysis> analyses, String requester) {
            this.provider = provider;
            this.key = key;
            this.analyses = analyses;
            this.requester = requester;
        }

        String organization() {
            return provider.organization();
        }

        /** Whether segments are still to be consumed: fetched with the index, or not fetched yet. */
        boolean more() {
            return prefetched != null || next <= segments;
        }

        /** Tells the provider the session is over, best effort: a provider that is gone evicts it itself. */
        void close() {
            if (grant == null) return;
            try {
                provider.close(grant.session());
            } catch (RuntimeException e) {
                log.debug("provider {}: closing session {} failed: {}", organization(), grant.session(), e.getMessage());
            }
        }

        /** Attests, opens the session and reads the case index with the first segments. */
        void start() {
            retrying("session", () -> {
                attest(FIRST_BATCH);
                return null;
            });
            segments = grant.segments();
        }

        /**
         * A new session (first or after a restart) and its index, fetched in one batch with up to {@code segments}
         * segments (kept for the first {@link #nextBatch}); {@code next} is left after the last one.
         */
        private void attest(int segments) {
            ProviderEndpoint.SessionGrant previousGrant = grant;
            int previousNext = next;
            byte[] previousIndex = indexPlaintext;
            byte[] previousDigest = indexDigest;
            SessionCipher previousCipher = cipher;
            try {
                byte[] nonce = provider.challenge();
                grant = provider.open(new ProviderEndpoint.SessionRequest(nonce, enclave.evidence(nonce),
                        enclave.tlsPublicKey(), enclave.hpkePublicKey(), analyses, requester));
                next = 0;
                int count = 1 + Math.min(segments, grant.segments());
                List<ProviderEndpoint.Delivery> batch = provider.segments(grant.session(), 0, count);
                if (batch.isEmpty() || batch.size() > count) {
                    throw new TrustedMiningException("provider " + organization() + " case index: asked for the index and at most "
                            + (count - 1) + " segments, got " + batch.size() + " messages");
                }
                indexPlaintext = open(batch.get(0), SealedMessage.Kind.INDEX, 0);
                indexDigest = sha256(indexPlaintext);
                List<Opened> opened = new ArrayList<>(batch.size() - 1);
                for (int k = 1; k < batch.size(); k++) opened.add(new Opened(k, open(batch.get(k), SealedMessage.Kind.SEGMENT, k)));
                prefetched = opened.isEmpty() ? null : opened;
            } catch (RuntimeException e) {
                // A half-opened session is forgotten, so a retry starts from the old state (and attests again).
                prefetched = null;
                grant = previousGrant;
                next = previousNext;
                indexPlaintext = previousIndex;
                indexDigest = previousDigest;
                cipher = previousCipher;
                throw e;
            }
        }

        /**
         * The next batch of segments, checked and decrypted, resuming in a new session if the provider restarted.
         * The batch is bounded by count and, once segment sizes are known, by the batch bytes.
         */
        List<Opened> nextBatch() {
            if (prefetched != null) {
                List<Opened> first = prefetched;
                prefetched = null;
                return first;
            }
            int from = next;
            int count = Math.min(segments - from + 1, largestCiphertext == 0 ? FIRST_BATCH
                    : Math.max(1, Math.min(MAX_BATCH, batchBytes / largestCiphertext)));
            return retrying("segment " + from, () -> {
                List<ProviderEndpoint.Delivery> batch;
                try {
                    batch = provider.segments(grant.session(), from, count);
                } catch (UnknownSessionException e) {
                    byte[] before = indexDigest;
                    log.info("provider {} lost session {} ({}); attesting again to resume at segment {}", organization(),
                            grant.session(), e.getMessage(), from);
                    attest(0);
                    indexPlaintext = null;
                    boolean sameIndex = java.util.Arrays.equals(before, indexDigest);
                    if (grant.segments() != segments || !sameIndex) {
                        throw new TrustedMiningException("provider " + organization() + " restarted with another log ("
                                + grant.segments() + " segments, was " + segments + "; case index "
                                + (sameIndex ? "same" : "changed") + "): cannot resume");
                    }
                    next = from;
                    batch = provider.segments(grant.session(), from, count);
                }
                if (batch.isEmpty() || batch.size() > count) {
                    throw new TrustedMiningException("provider " + organization() + " segment " + from + ": asked for at most "
                            + count + " segments, got " + batch.size());
                }
                List<Opened> opened = new ArrayList<>(batch.size());
                for (int k = 0; k < batch.size(); k++) {
                    opened.add(new Opened(from + k, open(batch.get(k), SealedMessage.Kind.SEGMENT, from + k)));
                }
                return opened;
            });
        }

        private <T> T retrying(String what, java.util.function.Supplier<T> call) {
            for (int attempt = 1; ; attempt++) {
                try {
                    return call.get();
                } catch (ProviderUnavailableException e) {
                    if (attempt >= retry.attempts()) {
                        throw new ProviderUnavailableException("provider " + organization() + " " + what + ": unavailable after "
                                + attempt + " attempts: " + e.getMessage(), e);
                    }
                    Duration wait = retry.backoff(attempt + 1);
                    // a rate-limited (429) or overloaded provider may name its wait: never retry sooner
                    Duration asked = e.retryAfter().orElse(Duration.ZERO);
                    if (asked.compareTo(wait) > 0) wait = asked;
                    log.info("provider {} {} unavailable (attempt {} of {}), retrying in {} ms", organization(), what,
                            attempt, retry.attempts(), wait.toMillis());
                    sleeper.sleep(wait);
                }
            }
        }

        /**
         * The provider's signature: over the message alone, or over its batch's manifest, whose hash for this
         * sequence must be that of this message's signed bytes. A batch's signature is verified once; its other
         * members then cost a SHA-256 each (the manifest and signature must be byte-identical to the verified ones).
         */
        private boolean verifies(SealedMessage m) {
            try {
                if (m.batchHashesView().length == 0) {
                    Signature s = io.coalition.trust.Ecdsa.sha256();
                    s.initVerify(key);
                    m.updateSigned(s);
                    return s.verify(m.signature());
                }
                byte[] hashes = m.batchHashesView();
                int at = m.sequence() - m.batchFirst();
                if (at < 0 || at >= hashes.length / 32) return false;
                if (!MessageDigest.isEqual(m.signedDigest(), java.util.Arrays.copyOfRange(hashes, 32 * at, 32 * at + 32))) {
                    return false;
                }
                byte[] manifest = SealedMessage.batchManifest(m.provider(), m.session(), m.batchFirst(), hashes);
                byte[] signature = m.signature();
                if (verifiedManifest != null && MessageDigest.isEqual(manifest, verifiedManifest)
                        && MessageDigest.isEqual(signature, verifiedSignature)) {
                    return true;
                }
                Signature s = io.coalition.trust.Ecdsa.sha256();
                s.initVerify(key);
                s.update(manifest);
                if (!s.verify(signature)) return false;
                verifiedManifest = manifest;
                verifiedSignature = signature;
                return true;
            } catch (GeneralSecurityException e) {
                return false;
            }
        }

        /** Checks a delivery (see the class comment for the order) and returns its plaintext. */
        byte[] open(ProviderEndpoint.Delivery d, SealedMessage.Kind kind, int sequence) {
            SealedMessage m = d.message();
            String what = "provider " + organization() + " " + (kind == SealedMessage.Kind.INDEX ? "case index" : "segment " + sequence);
            if (!m.provider().equals(organization())) {
                throw new TrustedMiningException(what + ": the message says it is from '" + m.provider() + "'");
            }
            if (!verifies(m)) {
                throw new TrustedMiningException(what + ": the signature does not verify with the provider's pinned key");
            }
            if (!m.session().equals(grant.session())) {
                throw new TrustedMiningException(what + ": belongs to session " + m.session() + ", not " + grant.session()
                        + " (replayed from another session)");
            }
            if (m.kind() != kind || m.sequence() != next || sequence != next) {
                throw new TrustedMiningException(what + ": got " + m.kind().name().toLowerCase() + " " + m.sequence()
                        + ", expected sequence " + next + " (replayed or reordered)");
            }
            if (m.segments() != grant.segments()) {
                throw new TrustedMiningException(what + ": announces " + m.segments() + " segments, the session has "
                        + grant.segments());
            }
            if (d.receipt() == null || !MessageDigest.isEqual(d.receipt().hash(), m.sha256())) {
                throw new TrustedMiningException(what + ": the notary receipt is not for this message");
            }
            byte[] ciphertext = m.ciphertextView();
            SessionCipher c = cipher;
            if (kind == SealedMessage.Kind.INDEX) {
                // the session's one HPKE context: the key is exported inside the enclave from the encapsulated key
                byte[] enc = m.encapsulatedKey();
                if (enc.length != 32) {
                    throw new TrustedMiningException(what + ": encapsulated key of " + enc.length + " bytes, expected 32");
                }
                try {
                    c = new SessionCipher(enclave.exportSecret(enc, SealedMessage.info(m.provider(), m.session()),
                            SessionCipher.EXPORTER_CONTEXT, SessionCipher.KEY_BYTES));
                } catch (TrustException e) {
                    throw new TrustedMiningException(what + ": does not decrypt with the miner's HPKE key", e);
                }
            } else if (m.encapsulatedKeyLength() != 0) {
                throw new TrustedMiningException(what + ": carries an encapsulated key; segments use the session key");
            }
            byte[] plaintext = c.open(m.sequence(), m.headerView(), ciphertext);
            if (plaintext == null) {
                throw new TrustedMiningException(what + ": does not decrypt with the miner's HPKE key");
            }
            if (kind == SealedMessage.Kind.INDEX) cipher = c;
            largestCiphertext = Math.max(largestCiphertext, ciphertext.length);
            next++;
            receipts.add(d.receipt());
            return plaintext;
        }
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A checked, decrypted segment. */
    private record Opened(int sequence, byte[] plaintext) {
    }

    /** Waits between retries (the default sleeps the thread); tests pass one that does not sleep. */
    public interface Sleeper {
        void sleep(Duration d);
    }


}
