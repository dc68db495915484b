package io.coalition.trustedmining;

import io.coalition.eventlog.EventLog;
import io.coalition.trust.attestation.AttestationResult;
import io.coalition.trust.attestation.ReferenceValues;
import io.coalition.trust.attestation.ReportData;
import io.coalition.trust.attestation.Verifier;
import io.coalition.trust.hpke.Hpke;
import io.coalition.trust.notary.Notary;
import io.coalition.trust.notary.Receipt;
import io.coalition.trustedmining.ems.EventSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A Log Provider (seed 000, section 3): holds one organization's log and usage policy and releases it only to a
 * Trusted Miner whose evidence verifies against the reference values this provider trusts.
 *
 * <p>Guarantees: nothing is released before {@link #open} succeeded for the session (attestation, then usage
 * policy); every release is encrypted to the HPKE key the verified evidence binds, signed with the provider's
 * key, sequence-numbered, and its SHA-256 notarized before it is handed out (no receipt, no release). Events
 * carry only the attributes the policy releases, and only of the cases it releases ({@link CaseSelection}): the
 * others are left out before anything is planned, and only their count is recorded ({@link ReleaseRecord}).
 * A usage policy may have several grants ({@link Builder#policies}): each is planned on its own, and a session is
 * served under the first grant that allows its requester and analyses.
 * Segments hold at most {@code segmentBytes} of plaintext unless a single event is larger; traces are split across
 * segments, never dropped.
 *
 * <p>Encryption: one HPKE setup per session (at {@link #open}) to the miner's attested key; both sides export
 * the session key from it, the index carries the encapsulated key, and every message is AES-256-GCM under that
 * key with the sequence number as nonce and the header as associated data ({@link SessionCipher}).
 *
 * <p>Order: cases are served in canonical order (ascending case ids by UTF-8 bytes, {@link SegmentCodec#compareKeys}),
 * whatever the source's order, so the miner merges the providers' streams like sorted runs; the case index is a
 * summary (cases, events, SHA-256 of the list) and each chunk carries its case's size.
 *
 * <p>Memory: the provider keeps the served order (one int per case) and a plan of where each segment starts and ends, not the
 * segments; a segment is read from the {@link EventSource} and encoded when it is requested. Releases asked for
 * together ({@link #segments}) are notarized as one batch (one append and fsync for the batch, one receipt each).
 *
 * <p>Thread-safe (methods synchronize; the notary is not thread-safe).
 */
public final class LogProvider implements ProviderEndpoint {
    private static final Logger audit = LoggerFactory.getLogger("coalition.audit");

    private final String organization;
    /** The release-signing key converted once for {@link io.coalition.trust.Ecdsa} (issue 6: no per-signature conversion). */
    private final java.security.PrivateKey releaseKey;
    private final Verifier verifier;
    private final ReferenceValues reference;
    private final Notary notary;
    private final Clock clock;
    private final int batchBytes;
    private final int segmentBytes;
    private final ReleasePlanner planner;
    /** One per grant of the usage policy, in the policy's order: the first that allows a session serves it. */
    private final List<ReleasePlanner.Release> releases;
    /** Open sessions, least recently used first; beyond {@link #MAX_SESSIONS} the oldest is evicted. */
    private final Map<String, SessionState> sessions = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SessionState> eldest) {
            if (size() <= MAX_SESSIONS) return false;
            audit.info("provider {} evicted session {} (more than {} open)", organization, eldest.getKey(), MAX_SESSIONS);
            return true;
        }
    };
    /** Open sessions kept per provider: each holds at most one batch, so this bounds a provider's memory. */
    static final int MAX_SESSIONS = 16;
    /** How long a session may go without a request before it expires (see {@link Builder#sessionTimeout}). */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofMinutes(10);
    private final Duration sessionTimeout;
    /** How long a session may live however busy it is (see {@link Builder#sessionLifetime}). */
    public static final Duration DEFAULT_SESSION_LIFETIME = Duration.ofHours(8);
    private final Duration sessionLifetime;

    /** A session's key material and the releases of its last batch (re-delivered identically when asked again). */
    private static final class SessionState {
        /** The grant the session was opened under: what it is served. */
        final ReleasePlanner.Release release;
        final byte[] encapsulatedKey;
        final SessionCipher cipher;
        Delivery index;
        final Map<Integer, Delivery> lastBatch = new HashMap<>();
        int highestSealed;
        Instant lastUsed;
        final Instant opened;

        SessionState(ReleasePlanner.Release release, Hpke.Exported exported, Instant opened) {
            this.release = release;
            this.encapsulatedKey = exported.encapsulatedKey();
            this.cipher = new SessionCipher(exported.secret());
            this.lastUsed = opened;
            this.opened = opened;
        }
    }

    private LogProvider(Builder b) {
        this.organization = Objects.requireNonNull(b.organization, "organization");
        this.releaseKey = io.coalition.trust.Ecdsa.prepare(Objects.requireNonNull(b.signingKey, "signingKey").getPrivate());
        this.verifier = Objects.requireNonNull(b.verifier, "verifier");
        this.reference = Objects.requireNonNull(b.reference, "reference");
        this.notary = Objects.requireNonNull(b.notary, "notary");
        this.clock = Objects.requireNonNull(b.clock, "clock");
        EventSource source = Objects.requireNonNull(b.source, "log or source");
        if (b.segmentBytes < 1024) {
            throw new TrustedMiningException("provider " + organization + ": segment size " + b.segmentBytes
                    + " bytes, expected at least 1024");
        }
        this.segmentBytes = b.segmentBytes;
        this.batchBytes = b.batchBytes;
        this.sessionTimeout = b.sessionTimeout;
        this.sessionLifetime = b.sessionLifetime;
        if (b.policies.isEmpty()) throw new TrustedMiningException("provider " + organization + ": no usage policy");
        this.planner = new ReleasePlanner(organization, source, segmentBytes);
        this.releases = planner.plan(b.policies, b.servedOrder);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String organization() {
        return organization;
    }

    /** Number of segments a session gets (under the first grant: the only one unless the policy has several). */
    public int segmentCount() {
        return releases.get(0).plan().size();
    }

    /**
     * Notarizes {@code hashes} in one append (one fsync); a batch holding the case index notarizes the release record
     * first (idempotent after the first session). Returns the receipts of {@code hashes} only.
     */
    private List<Receipt> notarize(ReleasePlanner.Release release, List<byte[]> hashes, boolean withIndex) {
        if (!withIndex) return notary.notarizeAll(hashes);
        List<byte[]> all = new ArrayList<>(hashes.size() + 1);
        all.add(release.record().sha256());
        all.addAll(hashes);
        List<Receipt> notarized = notary.notarizeAll(all);
        return notarized.subList(1, notarized.size());
    }

    /**
     * What this provider releases of its source (cases and events released and in all) under the first grant of its
     * usage policy: the only one unless the policy has several ({@link #releaseRecords}).
     */
    public ReleaseRecord releaseRecord() {
        return releases.get(0).record();
    }

    /** The release record of each grant of the usage policy, in the policy's order. */
    public List<ReleaseRecord> releaseRecords() {
        return releases.stream().map(ReleasePlanner.Release::record).toList();
    }

    /**
     * The notary's receipt for the first grant's release record: present once the provider released its first case
     * index under that grant.
     */
    public synchronized java.util.Optional<Receipt> releaseRecordReceipt() {
        return notary.lookup(releaseRecord().sha256());
    }

    /** The notary's receipt for each grant's release record (empty until a case index was released under it). */
    public synchronized List<java.util.Optional<Receipt>> releaseRecordReceipts() {
        return releases.stream().map(r -> notary.lookup(r.record().sha256())).toList();
    }

    /** Number of events released per session (under the first grant: the only one unless the policy has several). */
    public long eventCount() {
        return releases.get(0).events();
    }

    @Override
    public byte[] challenge() {
        return verifier.nonce();
    }

    @Override
    public synchronized SessionGrant open(SessionRequest request) {
        ReportData expected = ReportData.of(request.nonce(), request.tlsKey(), request.hpkeKey());
        AttestationResult result = verifier.verify(request.evidence(), expected, reference);
        ReleasePlanner.Release release = grantFor(request.requester(), request.analyses());
        String session = UUID.randomUUID().toString();
        Instant now = clock.instant();
        expire(now);
        // the session's one HPKE setup, to the key the verified evidence binds
        sessions.put(session, new SessionState(release, Hpke.DEFAULT.export(request.hpkeKey(), SealedMessage.info(organization, session),
                SessionCipher.EXPORTER_CONTEXT, SessionCipher.KEY_BYTES), now));
        audit.info("provider {} opened session {} for {} ({}){}, miner measurement {}", organization, session,
                request.requester(), request.analyses(), releases.size() == 1 ? "" : " under grant " + (release.grant() + 1),
                result.claims().measurementHex());
        return new SessionGrant(session, release.plan().size(), result);
    }

    /**
     * The first grant that lets {@code requester} receive the results of all of {@code analyses}; the refusal names
     * what the policy allows that requester (or, for a requester no grant names, who may receive results).
     */
    private ReleasePlanner.Release grantFor(String requester, java.util.Set<Analysis> analyses) {
        for (ReleasePlanner.Release r : releases) {
            if (r.allows(requester, analyses)) return r;
        }
        List<ReleasePlanner.Release> forRequester = releases.stream().filter(r -> r.policy().recipients().contains(requester)).toList();
        if (forRequester.isEmpty()) {
            TreeSet<String> recipients = new TreeSet<>();
            for (ReleasePlanner.Release r : releases) recipients.addAll(r.policy().recipients());
            throw new TrustedMiningException("provider " + organization + ": requester '" + requester
                    + "' may not receive results (usage policy allows " + recipients + ")");
        }
        if (forRequester.size() == 1) {
            UsagePolicy p = forRequester.get(0).policy();
            Analysis refused = analyses.stream().filter(a -> !p.analyses().contains(a)).min(java.util.Comparator.comparing(Analysis::id)).orElseThrow();
            throw new TrustedMiningException("provider " + organization + ": analysis '" + refused.id()
                    + "' is not allowed by its usage policy" + (releases.size() == 1 ? "" : " for requester '" + requester + "'")
                    + " (allowed: " + ids(p.analyses()) + ")");
        }
        StringBuilder allowed = new StringBuilder();
        for (ReleasePlanner.Release r : forRequester) {
            if (allowed.length() > 0) allowed.append("; ");
            allowed.append("grant ").append(r.grant() + 1).append(": ").append(ids(r.policy().analyses()));
        }
        throw new TrustedMiningException("provider " + organization + ": no grant of its usage policy allows requester '"
                + requester + "' the analyses " + ids(analyses) + " together (" + allowed + ")");
    }

    private static List<String> ids(java.util.Set<Analysis> analyses) {
        return analyses.stream().map(Analysis::id).sorted().toList();
    }

    @Override
    public synchronized Delivery caseIndex(String session) {
        SessionState state = state(session);
        if (state.index == null) {
            Sealed sealed = seal(state, SealedMessage.Kind.INDEX, session, 0, state.release.indexPlaintext());
            state.index = new Delivery(sealed.message, notarize(state.release, List.of(sealed.hash), true).get(0));
        }
        return state.index;
    }

    @Override
    public synchronized Delivery segment(String session, int sequence) {
        return segments(session, sequence, 1).get(0);
    }

    /**
     * Segments {@code from}, {@code from + 1}, ... : at most {@code count}, at most as many as fit in the batch size
     * (default 1 MiB of plaintext, at least one segment), never past the last. They are notarized as one batch and
     * signed once. {@code from = 0} starts the batch with the case index (sequence 0), so a session's index and
     * first segments cost one signature and one notarization. Asking again for the last batch returns the identical
     * messages; asking for an earlier one is refused (a sequence is sealed once per session), so the miner then
     * opens a new session.
     */
    @Override
    public synchronized List<Delivery> segments(String session, int from, int count) {
        SessionState state = state(session);
        List<ReleasePlanner.Slice> plan = state.release.plan();
        if (from < 0 || from > plan.size()) {
            throw new TrustedMiningException("provider " + organization + ": segment " + from + " does not exist (1.."
                    + plan.size() + ", or 0 for the case index)");
        }
        if (count < 1) throw new TrustedMiningException("provider " + organization + ": asked for " + count + " segments");
        // the index (from = 0) rides along with at least one segment; it does not count against the batch bytes
        int n = Math.min(Math.min(count, plan.size() - from + 1), Math.max(1, batchBytes / segmentBytes) + (from == 0 ? 1 : 0));
        List<Delivery> out = new ArrayList<>(n);
        List<byte[]> plaintexts = new ArrayList<>();
        int firstFresh = -1;
        for (int seq = from; seq < from + n; seq++) {
            Delivery again = state.lastBatch.get(seq);
            if (again != null) {
                out.add(again);
            } else if (seq == 0 ? state.index != null : seq <= state.highestSealed) {
                throw new TrustedMiningException("provider " + organization + ": " + (seq == 0 ? "the case index" : "segment " + seq)
                        + " of session " + session + " was released before and is not held any more; open a new session to read it again");
            } else {
                if (firstFresh < 0) firstFresh = seq;
                plaintexts.add(seq == 0 ? state.release.indexPlaintext() : planner.encodeSegment(state.release, plan.get(seq - 1)));
                out.add(null);
            }
        }
        if (!plaintexts.isEmpty()) {
            // fresh sequences follow the re-delivered ones, so they are consecutive from firstFresh
            List<Sealed> fresh = sealBatch(state, session, firstFresh, plaintexts);
            state.highestSealed = Math.max(state.highestSealed, firstFresh + plaintexts.size() - 1);
            List<byte[]> hashes = new ArrayList<>(fresh.size());
            for (Sealed f : fresh) hashes.add(f.hash);
            List<Receipt> receipts = notarize(state.release, hashes, firstFresh == 0);
            int k = 0;
            state.lastBatch.clear();
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i) == null) {
                    Sealed f = fresh.get(k);
                    out.set(i, new Delivery(f.message, receipts.get(k)));
                    k++;
                }
                state.lastBatch.put(from + i, out.get(i));
            }
            if (from == 0 && state.index == null) state.index = out.get(0);
        }
        return List.copyOf(out);
    }

    @Override
    public synchronized void close(String session) {
        if (sessions.remove(session) != null) audit.info("provider {} closed session {}", organization, session);
    }

    /**
     * The open session; one idle for longer than the session timeout is dropped (its key and held messages with
     * it) and is unknown from then on, so the miner attests again and resumes. So is one older than the session
     * lifetime, however busy: a session key is not used forever.
     */
    private SessionState state(String session) {
        SessionState state = sessions.get(session);
        if (state == null) {
            throw new UnknownSessionException("provider " + organization + ": no attested session '" + session + "'");
        }
        Instant now = clock.instant();
        if (expired(state, now)) {
            sessions.remove(session);
            audit.info("provider {} expired session {} (idle since {})", organization, session, state.lastUsed);
            throw new UnknownSessionException("provider " + organization + ": session '" + session + "' expired (idle since "
                    + state.lastUsed + ", timeout " + sessionTimeout + ")");
        }
        if (tooOld(state, now)) {
            sessions.remove(session);
            audit.info("provider {} ended session {} (opened {}, lifetime {})", organization, session, state.opened, sessionLifetime);
            throw new UnknownSessionException("provider " + organization + ": session '" + session + "' reached its maximum lifetime"
                    + " (opened " + state.opened + ", lifetime " + sessionLifetime + "); attest again for a new session");
        }
        state.lastUsed = now;
        return state;
    }

    private boolean expired(SessionState state, Instant now) {
        return now.isAfter(state.lastUsed.plus(sessionTimeout));
    }

    private boolean tooOld(SessionState state, Instant now) {
        return now.isAfter(state.opened.plus(sessionLifetime));
    }

    /** Drops every session idle for longer than the timeout. */
    private void expire(Instant now) {
        sessions.entrySet().removeIf(e -> {
            if (!expired(e.getValue(), now) && !tooOld(e.getValue(), now)) return false;
            audit.info("provider {} expired session {} (idle since {})", organization, e.getKey(), e.getValue().lastUsed);
            return true;
        });
    }

    /** Number of open sessions (expired ones are dropped first). */
    synchronized int openSessions() {
        expire(clock.instant());
        return sessions.size();
    }

    private record Sealed(SealedMessage message, byte[] hash) {
    }

    /** The index: sealed and signed alone. */
    private Sealed seal(SessionState state, SealedMessage.Kind kind, String session, int sequence, byte[] plaintext) {
        SealedMessage unsigned = encrypt(state, kind, session, sequence, plaintext);
        SealedMessage signed = unsigned.withSignature(sign(unsigned::updateSigned));
        return new Sealed(signed, signed.sha256());
    }

    /**
     * Segments released together: each encrypted under its own sequence, then one signature over the SHA-256 of
     * every member's signed bytes (one ECDSA signature per batch instead of one per segment).
     */
    private List<Sealed> sealBatch(SessionState state, String session, int first, List<byte[]> plaintexts) {
        List<SealedMessage> unsigned = new ArrayList<>(plaintexts.size());
        byte[] hashes = new byte[32 * plaintexts.size()];
        for (int i = 0; i < plaintexts.size(); i++) {
            int sequence = first + i;
            SealedMessage m = encrypt(state, sequence == 0 ? SealedMessage.Kind.INDEX : SealedMessage.Kind.SEGMENT, session,
                    sequence, plaintexts.get(i));
            System.arraycopy(m.signedDigest(), 0, hashes, 32 * i, 32);
            unsigned.add(m);
        }
        byte[] manifest = SealedMessage.batchManifest(organization, session, first, hashes);
        byte[] signature = sign(s -> s.update(manifest));
        List<Sealed> out = new ArrayList<>(unsigned.size());
        for (SealedMessage m : unsigned) {
            SealedMessage signed = m.withBatchSignature(first, hashes, signature);
            out.add(new Sealed(signed, signed.sha256()));
        }
        return out;
    }

    private SealedMessage encrypt(SessionState state, SealedMessage.Kind kind, String session, int sequence, byte[] plaintext) {
        byte[] enc = kind == SealedMessage.Kind.INDEX ? state.encapsulatedKey.clone() : new byte[0];
        long created = clock.millis();
        SealedMessage header = SealedMessage.unsigned(kind, organization, session, sequence, state.release.plan().size(), created, enc,
                new byte[0]);
        byte[] ciphertext = state.cipher.seal(sequence, header.headerView(), plaintext);
        return SealedMessage.unsigned(kind, organization, session, sequence, state.release.plan().size(), created, enc, ciphertext);
    }

    private interface Signing {
        void feed(Signature s) throws GeneralSecurityException;
    }

    private byte[] sign(Signing what) {
        try {
            Signature s = io.coalition.trust.Ecdsa.sha256();
            s.initSign(releaseKey);
            what.feed(s);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new TrustedMiningException("provider " + organization + ": cannot sign: " + e.getMessage(), e);
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static final class Builder {
        private String organization;
        private EventSource source;
        private int batchBytes = 1024 * 1024;
        private List<UsagePolicy> policies = List.of();
        private KeyPair signingKey;
        private Verifier verifier;
        private ReferenceValues reference;
        private Notary notary;
        private Clock clock = Clock.systemUTC();
        private int segmentBytes = 100 * 1024;
        private Duration sessionTimeout = DEFAULT_SESSION_TIMEOUT;
        private Duration sessionLifetime = DEFAULT_SESSION_LIFETIME;
        private java.util.function.UnaryOperator<int[]> servedOrder;

        /**
         * Test seam: rewrites the served order (source ordinals in canonical order) while the index summary stays the
         * honest one, so tests can play a provider that serves out of order, skips or repeats a case.
         */
        Builder servedOrder(java.util.function.UnaryOperator<int[]> rewrite) {
            this.servedOrder = rewrite;
            return this;
        }

        public Builder organization(String name) {
            this.organization = name;
            return this;
        }

        /** A log held in memory (e.g. read from XES or CSV). */
        public Builder log(EventLog log) {
            this.source = EventSource.of(log);
            return this;
        }

        /** Where the provider reads its cases (the EMS interface), e.g. a {@code JdbcEventSource}. */
        public Builder source(EventSource source) {
            this.source = source;
            return this;
        }

        /** Plaintext bytes of segments released and notarized as one batch (default 1 MiB; at least one segment). */
        public Builder batchBytes(int bytes) {
            if (bytes < 1) throw new TrustedMiningException("batch size " + bytes + " bytes, expected at least 1");
            this.batchBytes = bytes;
            return this;
        }

        /** The usage policy: one grant for every requester it names. */
        public Builder policy(UsagePolicy policy) {
            return policies(List.of(Objects.requireNonNull(policy, "policy")));
        }

        /**
         * A usage policy of several grants ({@link UsagePolicyFile}): a session is served under the first grant that
         * names its requester and allows all its analyses, with that grant's cases and attributes; each grant has
         * its own release record, notarized with the first release under it.
         */
        public Builder policies(List<UsagePolicy> grants) {
            this.policies = List.copyOf(grants);
            return this;
        }

        /** The provider's ECDSA P-256 key pair; miners pin its public key. */
        public Builder signingKey(KeyPair key) {
            this.signingKey = key;
            return this;
        }

        /** The provider's embedded verifier (RFC 9334 relying party) and the reference values it accepts. */
        public Builder attestation(Verifier verifier, ReferenceValues reference) {
            this.verifier = verifier;
            this.reference = reference;
            return this;
        }

        public Builder notary(Notary notary) {
            this.notary = notary;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * How long a session may go without a request before the provider drops it (default 10 minutes, measured
         * with the provider's clock): a miner that vanishes without closing its session does not keep its key and
         * held messages alive; one that comes back attests again and resumes.
         */
        public Builder sessionTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new TrustedMiningException("session timeout " + timeout + ", expected a positive duration");
            }
            this.sessionTimeout = timeout;
            return this;
        }

        /**
         * How long a session may live from its opening, however busy (default 8 hours, the provider's clock): after
         * that every request for it is refused as an unknown session naming the lifetime, and the miner attests
         * again (fresh evidence, a new session key) and resumes where it was.
         */
        public Builder sessionLifetime(Duration lifetime) {
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw new TrustedMiningException("session lifetime " + lifetime + ", expected a positive duration");
            }
            this.sessionLifetime = lifetime;
            return this;
        }

        /** Largest segment plaintext in bytes (default 100 KiB, CONFINE's smallest setting). */
        public Builder segmentBytes(int bytes) {
            this.segmentBytes = bytes;
            return this;
        }

        public LogProvider build() {
            return new LogProvider(this);
        }
    }
}
