package io.coalition.trustedmining;

import io.coalition.eventlog.Attribute;
import io.coalition.eventlog.AttributeType;
import io.coalition.eventlog.Attributes;
import io.coalition.eventlog.Event;
import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.Trace;
import io.coalition.trust.attestation.AttestationResult;
import io.coalition.trust.attestation.ReferenceValues;
import io.coalition.trust.attestation.ReportData;
import io.coalition.trust.attestation.Verifier;
import io.coalition.trust.hpke.Hpke;
import io.coalition.trust.notary.Notary;
import io.coalition.trust.notary.Receipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Clock;
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
 * carry only the attributes the policy releases. Segments hold at most {@code segmentBytes} of plaintext unless a
 * single event is larger; traces are split across segments, never dropped.
 *
 * <p>Thread-safe (methods synchronize; the notary is not thread-safe).
 */
public final class LogProvider implements ProviderEndpoint {
    private static final Logger log = LoggerFactory.getLogger(LogProvider.class);
    private static final Logger audit = LoggerFactory.getLogger("coalition.audit");

    private final String organization;
    private final UsagePolicy policy;
    private final KeyPair signingKey;
    private final Verifier verifier;
    private final ReferenceValues reference;
    private final Notary notary;
    private final Clock clock;
    private final byte[] indexPlaintext;
    private final List<byte[]> segmentPlaintexts;
    private final long events;
    private final Map<String, byte[]> sessions = new HashMap<>();

    private LogProvider(Builder b) {
        this.organization = Objects.requireNonNull(b.organization, "organization");
        this.policy = Objects.requireNonNull(b.policy, "policy");
        this.signingKey = Objects.requireNonNull(b.signingKey, "signingKey");
        this.verifier = Objects.requireNonNull(b.verifier, "verifier");
        this.reference = Objects.requireNonNull(b.reference, "reference");
        this.notary = Objects.requireNonNull(b.notary, "notary");
        this.clock = Objects.requireNonNull(b.clock, "clock");
        if (b.segmentBytes < 1024) {
            throw new TrustedMiningException("provider " + organization + ": segment size " + b.segmentBytes
                    + " bytes, expected at least 1024");
        }
        EventLog eventLog = Objects.requireNonNull(b.log, "log");
        Map<String, Integer> index = new LinkedHashMap<>();
        List<byte[]> segments = new ArrayList<>();
        Planner planner = new Planner(b.segmentBytes, segments);
        long n = 0;
        for (Trace t : eventLog.traces()) {
            String caseId = t.caseId();
            if (caseId == null) {
                throw new TrustedMiningException("provider " + organization + ": trace " + (index.size() + 1)
                        + " has no concept:name (the merge key)");
            }
            if (index.put(caseId, t.size()) != null) {
                throw new TrustedMiningException("provider " + organization + ": case " + caseId + " occurs twice in its log");
            }
            for (Event e : t.events()) {
                if (e.timestamp() == null) {
                    throw new TrustedMiningException("provider " + organization + ": case " + caseId
                            + " has an event without time:timestamp (needed to merge cases)");
                }
                planner.add(caseId, SegmentCodec.encodeEvent(release(e)));
                n++;
            }
        }
        planner.flush();
        this.indexPlaintext = SegmentCodec.encodeIndex(index);
        this.segmentPlaintexts = List.copyOf(segments);
        this.events = n;
        log.info("provider {}: {} cases, {} events in {} segments of at most {} bytes", organization, index.size(), n,
                segments.size(), b.segmentBytes);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String organization() {
        return organization;
    }

    /** Number of segments a session gets. */
    public int segmentCount() {
        return segmentPlaintexts.size();
    }

    /** Number of events released per session. */
    public long eventCount() {
        return events;
    }

    @Override
    public byte[] challenge() {
        return verifier.nonce();
    }

    @Override
    public synchronized SessionGrant open(SessionRequest request) {
        ReportData expected = ReportData.of(request.nonce(), request.tlsKey(), request.hpkeKey());
        AttestationResult result = verifier.verify(request.evidence(), expected, reference);
        if (!policy.recipients().contains(request.requester())) {
            throw new TrustedMiningException("provider " + organization + ": requester '" + request.requester()
                    + "' may not receive results (usage policy allows " + new TreeSet<>(policy.recipients()) + ")");
        }
        for (Analysis a : request.analyses()) {
            if (!policy.analyses().contains(a)) {
                throw new TrustedMiningException("provider " + organization + ": analysis '" + a.id()
                        + "' is not allowed by its usage policy (allowed: "
                        + policy.analyses().stream().map(Analysis::id).sorted().toList() + ")");
            }
        }
        String session = UUID.randomUUID().toString();
        sessions.put(session, request.hpkeKey());
        audit.info("provider {} opened session {} for {} ({}), miner measurement {}", organization, session,
                request.requester(), request.analyses(), result.claims().measurementHex());
        return new SessionGrant(session, segmentPlaintexts.size(), result);
    }

    @Override
    public synchronized Delivery caseIndex(String session) {
        return release(SealedMessage.Kind.INDEX, session, 0, indexPlaintext);
    }

    @Override
    public synchronized Delivery segment(String session, int sequence) {
        if (sequence < 1 || sequence > segmentPlaintexts.size()) {
            throw new TrustedMiningException("provider " + organization + ": segment " + sequence + " does not exist (1.."
                    + segmentPlaintexts.size() + ")");
        }
        return release(SealedMessage.Kind.SEGMENT, session, sequence, segmentPlaintexts.get(sequence - 1));
    }

    private Delivery release(SealedMessage.Kind kind, String session, int sequence, byte[] plaintext) {
        byte[] hpkeKey = sessions.get(session);
        if (hpkeKey == null) {
            throw new UnknownSessionException("provider " + organization + ": no attested session '" + session + "'");
        }
        SealedMessage header = new SealedMessage(kind, organization, session, sequence, segmentPlaintexts.size(),
                clock.millis(), new byte[0], new byte[0], new byte[0]);
        Hpke.Sealed sealed = Hpke.DEFAULT.seal(hpkeKey, SealedMessage.info(organization, session), header.header(), plaintext);
        SealedMessage unsigned = new SealedMessage(kind, organization, session, sequence, segmentPlaintexts.size(),
                header.createdMillis(), sealed.encapsulatedKey(), sealed.ciphertext(), new byte[0]);
        SealedMessage signed;
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(signingKey.getPrivate());
            s.update(unsigned.signedBytes());
            signed = new SealedMessage(kind, organization, session, sequence, segmentPlaintexts.size(),
                    header.createdMillis(), sealed.encapsulatedKey(), sealed.ciphertext(), s.sign());
        } catch (GeneralSecurityException e) {
            throw new TrustedMiningException("provider " + organization + ": cannot sign: " + e.getMessage(), e);
        }
        Receipt receipt = notary.notarize(sha256(signed.encode()));
        return new Delivery(signed, receipt);
    }

    /** The event as the usage policy releases it: allowed keys, plain values, no meta-attributes. */
    private Event release(Event e) {
        Attributes.Builder b = Attributes.builder();
        for (Attribute a : e.attributes()) {
            if (policy.eventAttributes().contains(a.key()) && a.type() != AttributeType.LIST && a.type() != AttributeType.CONTAINER) {
                b.put(a.key(), a.value());
            }
        }
        return new Event(b.build());
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Packs encoded events into segments of bounded plaintext size, splitting traces where needed. */
    private static final class Planner {
        private final int limit;
        private final List<byte[]> out;
        private final List<String> caseIds = new ArrayList<>();
        private final List<List<byte[]>> events = new ArrayList<>();
        private int size = 8; // magic and chunk count

        Planner(int limit, List<byte[]> out) {
            this.limit = limit;
            this.out = out;
        }

        void add(String caseId, byte[] event) {
            boolean sameChunk = !caseIds.isEmpty() && caseIds.get(caseIds.size() - 1).equals(caseId);
            int extra = event.length + (sameChunk ? 0 : SegmentCodec.chunkOverhead(caseId));
            if (size + extra > limit && !caseIds.isEmpty()) {
                flush();
                sameChunk = false;
                extra = event.length + SegmentCodec.chunkOverhead(caseId);
            }
            if (!sameChunk) {
                caseIds.add(caseId);
                events.add(new ArrayList<>());
            }
            events.get(events.size() - 1).add(event);
            size += extra;
        }

        void flush() {
            if (caseIds.isEmpty()) return;
            out.add(SegmentCodec.encodeSegment(caseIds, events));
            caseIds.clear();
            events.clear();
            size = 8;
        }
    }

    public static final class Builder {
        private String organization;
        private EventLog log;
        private UsagePolicy policy;
        private KeyPair signingKey;
        private Verifier verifier;
        private ReferenceValues reference;
        private Notary notary;
        private Clock clock = Clock.systemUTC();
        private int segmentBytes = 100 * 1024;

        public Builder organization(String name) {
            this.organization = name;
            return this;
        }

        public Builder log(EventLog log) {
            this.log = log;
            return this;
        }

        public Builder policy(UsagePolicy policy) {
            this.policy = policy;
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
