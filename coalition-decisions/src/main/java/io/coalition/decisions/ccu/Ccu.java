package io.coalition.decisions.ccu;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coalition.decisions.DecisionsException;
import io.coalition.decisions.replay.ReplayStore;
import io.coalition.decisions.spec.DecisionFunction;
import io.coalition.decisions.spec.DecisionOutcome;
import io.coalition.decisions.spec.DecisionSpecification;
import io.coalition.trust.TrustException;
import io.coalition.trust.cas.BlobStore;
import io.coalition.trust.cas.Cid;
import io.coalition.trust.envelope.Envelope;
import io.coalition.trust.envelope.Envelopes;
import io.coalition.trust.hpke.Hpke;
import io.coalition.trust.notary.Notary;
import io.coalition.trust.pki.CertificateValidator;
import io.coalition.trust.pki.ParticipantAttributes;
import io.coalition.trust.records.RecordCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Confidential Computing Unit (seed 004, Sect. 4.2.2): the enclave application that stores Data Providers'
 * records and answers Deciders' decision requests. Its keys (the HPKE key requests are sealed to, and the record
 * keys) are all derived from one seed, so replicas holding the same seed serve the same data.
 *
 * <p>Submitting ({@link #submit}): the provider's certificate is validated (CA chain, validity, revocation), the
 * envelope opened (recipient, purpose, signature, freshness, replay, HPKE), the PDP asked whether the provider
 * may {@code provide(dataStructure)}; then the full record and its light copy are encrypted under the record's
 * key with (data name, structure, record id, copy) as associated data, stored by CID, and the pointer binding
 * them is notarized.
 *
 * <p>Deciding ({@link #decide}): the decider's certificate and envelope are checked the same way, the PDP asked
 * whether the decider may call {@code funcName(dataStructure, aggregations*)}; every record under the data name
 * is checked against the notary, fetched (the store verifies the CID), decrypted (a blob swapped with another
 * record's does not open), aggregated and decided. A light copy this CCU already verified is taken from its
 * {@link VerifiedRecordCache} (enclave memory) under the notarized pointer instead of being fetched and opened
 * again: the pointer is recomputed per record and per request, and one the cache holds was found in the notary
 * when it was admitted (the notary only grows); any other is looked up in the notary. The response, sealed to the
 * decider's HPKE key and signed by the CCU, holds decision outputs only, never record fields.
 *
 * <p>Every failed check throws a {@link RefusedException} naming its step; nothing is stored on a refusal.
 */
public final class Ccu {
    public static final String SUBMIT = "coalition-decisions/submit";
    public static final String SUBMIT_BATCH = "coalition-decisions/submit-batch";
    public static final String DECIDE = "coalition-decisions/decide";
    public static final String RESPONSE = "coalition-decisions/response";

    private static final Logger log = LoggerFactory.getLogger(Ccu.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final DecisionSpecification spec;
    private final CertificateValidator validator;
    private final X509Certificate certificate;
    private final PrivateKey signingKey;
    /** {@link #hpkeKeySignature()}, made on first use: the key and the certificate never change. */
    private volatile byte[] hpkeKeySignature;
    private final Hpke.KeyPair hpke;
    private final RecordCipher cipher;
    private final BlobStore store;
    private final Notary notary;
    private final Clock clock;
    private final Envelopes envelopes;
    private final RecordIndex index;
    private final ReplayStore replays;
    private final Duration replayWindow;
    private final VerifiedRecordCache recordCache;

    /** A submission's payload (JSON inside the envelope). */
    public record Submission(String dataName, String dataStructure, String recordId, Map<String, Object> fields) {
    }

    /** A decision request's payload: function, data name, and the HPKE public key to seal the answer to. */
    public record Request(String function, String dataName, byte[] responseKey) {
    }

    /**
     * @param seed the CCU secret (32+ bytes) from which the HPKE key pair and the record keys are derived
     * @param replayWindow how old an envelope may be; younger ones are remembered and refused when seen again
     */
    public Ccu(DecisionSpecification spec, CertificateValidator validator, X509Certificate certificate,
               PrivateKey signingKey, byte[] seed, BlobStore store, Notary notary, RecordIndex index, Clock clock,
               Duration replayWindow) {
        this(spec, validator, certificate, signingKey, seed, store, notary, index, clock, replayWindow,
                ReplayStore.inMemory(clock));
    }

    /**
     * A CCU that shares {@code replays} with the other replicas: an envelope accepted by one is refused by all
     * (step ENVELOPE) for as long as it is fresh, unless it is the queue redelivering the same request (same
     * correlation id; see {@link ReplayStore}).
     */
    public Ccu(DecisionSpecification spec, CertificateValidator validator, X509Certificate certificate,
               PrivateKey signingKey, byte[] seed, BlobStore store, Notary notary, RecordIndex index, Clock clock,
               Duration replayWindow, ReplayStore replays) {
        this(spec, validator, certificate, signingKey, seed, store, notary, index, clock, replayWindow, replays,
                VerifiedRecordCache.defaultBytes());
    }

    /**
     * A CCU whose {@link VerifiedRecordCache} may hold up to {@code recordCacheBytes} (estimated) of verified light
     * copies; 0 turns it off, so every request fetches, checks and decrypts every record again.
     */
    public Ccu(DecisionSpecification spec, CertificateValidator validator, X509Certificate certificate,
               PrivateKey signingKey, byte[] seed, BlobStore store, Notary notary, RecordIndex index, Clock clock,
               Duration replayWindow, ReplayStore replays, long recordCacheBytes) {
        if (seed.length < 32) {
            throw new DecisionsException("CCU seed: " + seed.length + " bytes, expected at least 32");
        }
        this.spec = spec;
        this.validator = validator;
        this.certificate = certificate;
        this.signingKey = signingKey;
        this.hpke = Hpke.DEFAULT.deriveKeyPair(derive(seed, "coalition-decisions ccu hpke"));
        this.cipher = new RecordCipher(derive(seed, "coalition-decisions ccu records"));
        this.store = store;
        this.notary = notary;
        this.index = index;
        this.clock = clock;
        this.envelopes = new Envelopes(clock, replayWindow);
        this.replays = java.util.Objects.requireNonNull(replays, "replays");
        this.replayWindow = replayWindow;
        this.recordCache = new VerifiedRecordCache(recordCacheBytes);
    }

    /**
     * This CCU's cache of verified light copies (counters and {@code clear()} only: its content never leaves the
     * CCU).
     */
    public VerifiedRecordCache recordCache() {
        return recordCache;
    }

    /** The CCU's certificate: envelopes are addressed to it. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The HPKE public key envelopes to this CCU are sealed to. */
    public byte[] hpkePublicKey() {
        return hpke.publicKey();
    }

    /** What {@link #hpkeKeySignature()} signs: a label, then the HPKE public key. */
    private static byte[] hpkeKeyStatement(byte[] hpkePublicKey) {
        byte[] label = "coalition-decisions ccu hpke key v1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] out = java.util.Arrays.copyOf(label, label.length + hpkePublicKey.length);
        System.arraycopy(hpkePublicKey, 0, out, label.length, hpkePublicKey.length);
        return out;
    }

    /**
     * The CCU's signature (ECDSA with SHA-256, its certificate's key) over its HPKE public key: a client that
     * fetches the key over a channel without integrity ({@code GET /v1/ccu} on plain HTTP) checks it against the
     * CCU certificate it validated ({@link #verifyHpkeKey}), so a swapped key is refused rather than sealed to.
     */
    public byte[] hpkeKeySignature() {
        byte[] signed = hpkeKeySignature;
        if (signed == null) {
            try {
                java.security.Signature s = io.coalition.trust.Ecdsa.sha256();
                s.initSign(signingKey);
                s.update(hpkeKeyStatement(hpke.publicKey()));
                hpkeKeySignature = signed = s.sign();
            } catch (java.security.GeneralSecurityException e) {
                throw new DecisionsException("CCU: cannot sign its HPKE key: " + e.getMessage(), e);
            }
        }
        return signed.clone();
    }

    /** Whether {@code signature} is the CCU {@code ccu}'s signature over {@code hpkePublicKey} ({@link #hpkeKeySignature}). */
    public static boolean verifyHpkeKey(X509Certificate ccu, byte[] hpkePublicKey, byte[] signature) {
        try {
            java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSA");
            s.initVerify(ccu.getPublicKey());
            s.update(hpkeKeyStatement(hpkePublicKey));
            return s.verify(signature);
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    /** Stores one provider's record; see the class comment for the checks. The envelope is accepted once. */
    public StoredRecord submit(Envelope envelope, X509Certificate provider) {
        return submit(envelope, provider, oneOff());
    }

    /**
     * Stores one provider's record delivered under request {@code claimant} (the queue's correlation id): the same
     * envelope under the same claimant again, on any replica sharing the replay store, is a redelivery.
     */
    public synchronized StoredRecord submit(Envelope envelope, X509Certificate provider, String claimant) {
        ParticipantAttributes who = checkCertificate(provider);
        // a redelivered submission (at-least-once queue) gets the record it already created
        for (StoredRecord r : redelivered(envelope.header().messageId(), who.identificationNumber())) {
            return r;
        }
        Submission s = parse(open(envelope, SUBMIT, provider, claimant), Submission.class);
        if (s.dataName() == null || s.dataStructure() == null || s.recordId() == null || s.fields() == null) {
            throw new RefusedException(RefusedException.Step.REQUEST, "submission from " + who.identificationNumber()
                    + ": dataName, dataStructure, recordId and fields are required", null);
        }
        if (!spec.permits(who, DecisionFunction.provideAction(s.dataStructure()))) {
            throw new RefusedException(RefusedException.Step.POLICY, who.identificationNumber() + " (role "
                    + who.role() + ") may not provide " + s.dataStructure(), null);
        }
        if (index.contains(s.dataName(), s.recordId())) {
            // another replica may have stored this very delivery since the redelivery check above
            Optional<StoredRecord> same = storedBy(s.dataName(), s.recordId(), envelope.header().messageId(),
                    who.identificationNumber());
            if (same.isPresent()) {
                return same.get();
            }
            throw new RefusedException(RefusedException.Step.REQUEST, "data name " + s.dataName()
                    + " already holds record " + s.recordId(), null);
        }
        return store(s, who, envelope.header().messageId(), relevantFields(s.dataStructure(), s.fields().keySet()));
    }

    /** The fields some decision function over the structure needs: what a light copy keeps. */
    private java.util.Set<String> relevantFields(String dataStructure, java.util.Set<String> fields) {
        java.util.Set<String> relevant = new java.util.HashSet<>();
        spec.functions().values().stream().filter(f -> f.dataStructure().equals(dataStructure))
                .forEach(f -> relevant.addAll(spec.decisionRelevantFields(f, fields)));
        return relevant;
    }

    private StoredRecord store(Submission s, ParticipantAttributes who, String messageId, java.util.Set<String> relevant) {
        Sealed sealed = seal(s, who, messageId, relevant);
        putBlobs(List.of(sealed));
        notary.notarize(sealed.record().pointer());
        StoredRecord stored = index(sealed.record());
        admitStored(List.of(sealed), List.of(stored));
        return stored;
    }

    /**
     * A record's two encrypted copies and where they will live, and the light copy's plaintext (for the record
     * cache once stored); nothing stored yet.
     */
    private record Sealed(StoredRecord record, byte[] full, byte[] light, byte[] lightPlain) {
    }

    /**
     * Puts the light copies of records this CCU has just stored (their pointers notarized and indexed) in its
     * verified record cache: they are the copies it encrypted itself, so the first decision over fresh data is
     * served as a warm one. A record another replica stored first (index answered with its record) is left out.
     */
    private void admitStored(List<Sealed> sealed, List<StoredRecord> stored) {
        if (!recordCache.enabled()) {
            return;
        }
        VerifiedRecordCache.Admissions admitted = new VerifiedRecordCache.Admissions(CHUNK);
        for (int i = 0; i < sealed.size(); i++) {
            if (stored.get(i) != sealed.get(i).record()) {
                continue;
            }
            try {
                recordCache.admit(stored.get(i).pointer(), recordCache.read(sealed.get(i).lightPlain()), admitted);
            } catch (IOException e) {
                throw new IllegalStateException("a light copy this CCU wrote does not read back: " + e.getMessage(), e);
            }
        }
        recordCache.flush(admitted);
    }

    /** Encrypts both copies and names them by CID; the caller stores them before notarizing the pointer. */
    private Sealed seal(Submission s, ParticipantAttributes who, String messageId, java.util.Set<String> relevant) {
        Map<String, Object> light = new LinkedHashMap<>();
        s.fields().forEach((k, v) -> {
            if (relevant.contains(k)) {
                light.put(k, v);
            }
        });
        byte[] fullBlob = cipher.encrypt(s.recordId(), aad(s, "full"), json(s.fields()));
        byte[] lightPlain = LightCopy.write(light, Ccu::json);
        byte[] lightBlob = cipher.encrypt(s.recordId(), aad(s, "light"), lightPlain);
        Cid full = Cid.of(fullBlob);
        Cid lightCid = Cid.of(lightBlob);
        byte[] pointer = pointer(s.dataName(), s.dataStructure(), s.recordId(), full, lightCid);
        return new Sealed(new StoredRecord(s.dataName(), s.dataStructure(), s.recordId(), who.identificationNumber(),
                messageId, full, lightCid, pointer), fullBlob, lightBlob, lightPlain);
    }

    /**
     * Stores the records' copies, all durable before this returns (so before any pointer is notarized): one
     * {@link BlobStore#putAll}, which a file store writes concurrently.
     */
    private void putBlobs(List<Sealed> sealed) {
        List<byte[]> blobs = new ArrayList<>(2 * sealed.size());
        for (Sealed s : sealed) {
            blobs.add(s.full());
            blobs.add(s.light());
        }
        List<Cid> cids = store.putAll(blobs);
        for (int i = 0; i < sealed.size(); i++) {
            StoredRecord r = sealed.get(i).record();
            if (!cids.get(2 * i).equals(r.full()) || !cids.get(2 * i + 1).equals(r.light())) {
                throw new DecisionsException("blob store named record " + r.recordId() + "'s copies " + cids.get(2 * i)
                        + " and " + cids.get(2 * i + 1) + ", expected " + r.full() + " and " + r.light());
            }
        }
    }

    /** Adds a stored record whose pointer is notarized to the index (the record exists for deciders from here). */
    private StoredRecord index(StoredRecord stored) {
        String messageId = stored.messageId();
        try {
            index.add(stored);
        } catch (RefusedException e) {
            // another replica stored this very submission first (at-least-once delivery): same answer as a redelivery
            return storedBy(stored.dataName(), stored.recordId(), messageId, stored.provider()).orElseThrow(() -> e);
        }
        log.debug("stored record {} of {} under {}", stored.recordId(), stored.dataStructure(), stored.dataName());
        return stored;
    }

    /** A data set's payload: many records of one structure under one data name, in one envelope. */
    public record Batch(String dataName, String dataStructure, List<BatchRecord> records) {
    }

    /** One record of a {@link Batch}. */
    public record BatchRecord(String recordId, Map<String, Object> fields) {
    }

    /**
     * Stores a provider's data set sent as one {@link Batch} envelope (purpose {@link #SUBMIT_BATCH}): certificate,
     * envelope and policy are checked once for the batch, then each record is stored as by {@link #submit}. The
     * batch is all or nothing as far as checks go: a record id already held, repeated or missing refuses the whole
     * batch before anything is stored. A redelivered batch returns the records it already created.
     */
    public List<StoredRecord> submitBatch(Envelope envelope, X509Certificate provider) {
        return submitBatch(envelope, provider, oneOff());
    }

    /** {@link #submitBatch(Envelope, X509Certificate)} delivered under request {@code claimant}; see {@link #submit}. */
    public synchronized List<StoredRecord> submitBatch(Envelope envelope, X509Certificate provider, String claimant) {
        ParticipantAttributes who = checkCertificate(provider);
        String messageId = envelope.header().messageId();
        Optional<StoredRecord> first = index.byMessage(messageId).filter(r -> r.provider().equals(who.identificationNumber()));
        if (first.isPresent()) {
            return index.records(first.get().dataName()).stream().filter(r -> r.messageId().equals(messageId)).toList();
        }
        Batch b = parse(open(envelope, SUBMIT_BATCH, provider, claimant), Batch.class);
        if (b.dataName() == null || b.dataStructure() == null || b.records() == null) {
            throw new RefusedException(RefusedException.Step.REQUEST, "batch from " + who.identificationNumber()
                    + ": dataName, dataStructure and records are required", null);
        }
        if (!spec.permits(who, DecisionFunction.provideAction(b.dataStructure()))) {
            throw new RefusedException(RefusedException.Step.POLICY, who.identificationNumber() + " (role "
                    + who.role() + ") may not provide " + b.dataStructure(), null);
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < b.records().size(); i++) {
            BatchRecord r = b.records().get(i);
            if (r == null || r.recordId() == null || r.fields() == null) {
                throw new RefusedException(RefusedException.Step.REQUEST, "batch from " + who.identificationNumber()
                        + ": records[" + i + "]: recordId and fields are required", null);
            }
            // a record another replica stored from this very batch since the redelivery check above is no clash:
            // storing goes on and index() answers with that replica's records
            if (!ids.add(r.recordId()) || index.contains(b.dataName(), r.recordId())
                    && storedBy(b.dataName(), r.recordId(), messageId, who.identificationNumber()).isEmpty()) {
                throw new RefusedException(RefusedException.Step.REQUEST, "data name " + b.dataName()
                        + " already holds record " + r.recordId() + " (records[" + i + "])", null);
            }
        }
        // which fields each record's light copy keeps, asked of the model here (its repository is not for
        // concurrent readers); records of one shape share the answer
        Map<java.util.Set<String>, java.util.Set<String>> relevant = new java.util.HashMap<>();
        List<java.util.Set<String>> keep = new ArrayList<>(b.records().size());
        for (BatchRecord r : b.records()) {
            keep.add(relevant.computeIfAbsent(r.fields().keySet(), k -> relevantFields(b.dataStructure(), k)));
        }
        // records are encrypted and hashed on the cores, their copies stored in one putAll (a file store overlaps
        // its syncs), then the whole batch's pointers notarized in one append and sync, all before any is indexed
        java.util.stream.IntStream range = java.util.stream.IntStream.range(0, b.records().size());
        if (b.records().size() >= DecisionSpecification.PARALLEL_FROM) {
            range = range.parallel();
        }
        List<Sealed> sealed = range.mapToObj(i -> {
            BatchRecord r = b.records().get(i);
            return seal(new Submission(b.dataName(), b.dataStructure(), r.recordId(), r.fields()), who, messageId,
                    keep.get(i));
        }).toList();
        putBlobs(sealed);
        List<byte[]> pointers = new ArrayList<>(sealed.size());
        for (Sealed s : sealed) {
            pointers.add(s.record().pointer());
        }
        notary.notarizeAll(pointers);
        List<StoredRecord> stored = new ArrayList<>(sealed.size());
        for (Sealed s : sealed) {
            stored.add(index(s.record()));
        }
        admitStored(sealed, stored);
        log.info("stored a batch of {} records of {} under {}", stored.size(), b.dataStructure(), b.dataName());
        return stored;
    }

    /** The record {@code recordId} under the data name if this same envelope from this provider stored it. */
    private Optional<StoredRecord> storedBy(String dataName, String recordId, String messageId, String provider) {
        return index.records(dataName).stream().filter(r -> r.recordId().equals(recordId)
                && r.messageId().equals(messageId) && r.provider().equals(provider)).findFirst();
    }

    private List<StoredRecord> redelivered(String messageId, String provider) {
        return index.byMessage(messageId).filter(r -> r.provider().equals(provider)).stream().toList();
    }

    /** The records stored under a data name, in submission order. */
    public List<StoredRecord> records(String dataName) {
        return index.records(dataName);
    }

    /** Answers a decision request with an envelope sealed to the decider; see the class comment. */
    public Envelope decide(Envelope envelope, X509Certificate decider) {
        return decide(envelope, decider, oneOff());
    }

    /**
     * Answers a decision request delivered under request {@code claimant} (the queue's correlation id): another
     * replica may process the same delivery again (at-least-once), but the envelope re-sent as a new request is a
     * replay, refused by every replica sharing the replay store.
     */
    public Envelope decide(Envelope envelope, X509Certificate decider, String claimant) {
        Evaluated e = evaluate(envelope, decider, claimant);
        byte[] payload;
        try {
            payload = OutcomeCodec.write(JSON, e.outcome());
        } catch (IOException x) {
            throw new DecisionsException("cannot encode the outcome of " + e.outcome().function() + ": " + x.getMessage(), x);
        }
        return envelopes.seal(payload, RESPONSE, certificate, signingKey, decider, e.request().responseKey());
    }

    private record Evaluated(Request request, DecisionOutcome outcome) {
    }

    /** The checked, evaluated outcome of a decision request (before sealing). */
    private synchronized Evaluated evaluate(Envelope envelope, X509Certificate decider, String claimant) {
        ParticipantAttributes who = checkCertificate(decider);
        Request r = parse(open(envelope, DECIDE, decider, claimant), Request.class);
        if (r.function() == null || r.dataName() == null || r.responseKey() == null) {
            throw new RefusedException(RefusedException.Step.REQUEST, "request from " + who.identificationNumber()
                    + ": function, dataName and responseKey are required", null);
        }
        DecisionFunction f;
        try {
            f = spec.function(r.function());
        } catch (DecisionsException e) {
            throw new RefusedException(RefusedException.Step.REQUEST, e.getMessage(), e);
        }
        // per-record outputs where the policy allows them, else the aggregated outcome where it allows that
        boolean summaryOnly = false;
        if (!spec.permits(who, f.action())) {
            summaryOnly = spec.summarizable().contains(f.name())
                    && spec.permits(who, DecisionSpecification.summarizeAction(f));
            if (!summaryOnly) {
                throw new RefusedException(RefusedException.Step.POLICY, who.identificationNumber() + " (role "
                        + who.role() + ", country " + who.country() + ") may not call " + f.action(), null);
            }
        }
        List<StoredRecord> stored = index.records(r.dataName()).stream()
                .filter(s -> s.dataStructure().equals(f.dataStructure())).toList();
        // each record is checked and opened on its own (notary, CID, decryption, parsing): spread over the cores.
        // A function without aggregations is decided in the same pass, so no decrypted record outlives its own
        // decision. Which failure is reported does not depend on the threads' timing: a pointer the notary never
        // saw first (any record), then the first record in submission order that does not open, then the first
        // whose decision fails.
        boolean fused = f.aggregations().isEmpty();
        RefusedException[] unnotarized = new RefusedException[stored.size()];
        Object[] opened = new Object[stored.size()];
        Object[] outputs = fused ? new Object[stored.size()] : null;
        // chunks of records, each with its own SHA-256 instance (a thread-local lookup per record cost more than
        // the lookups it saved once the rest of a cached record's path got short)
        int chunks = (stored.size() + CHUNK - 1) / CHUNK;
        java.util.stream.IntStream range = java.util.stream.IntStream.range(0, chunks);
        if (stored.size() >= DecisionSpecification.PARALLEL_FROM) {
            range = range.parallel(); // the threshold plain evaluation uses, so both paths get the same cores
        }
        Layout layout = new Layout(r.dataName(), f.dataStructure());
        recordCache.expect(stored.size());
        range.forEach(chunk -> {
            Hasher sha = new Hasher(sha256());
            // the chunk's new copies go into the cache together at its end: one lock per chunk, not per record
            VerifiedRecordCache.Admissions admitted = new VerifiedRecordCache.Admissions(CHUNK);
            for (int i = chunk * CHUNK, end = Math.min(stored.size(), i + CHUNK); i < end; i++) {
                StoredRecord s = stored.get(i);
                byte[] id = s.recordId().getBytes(StandardCharsets.UTF_8); // once for the pointer, the key and the AAD
                // recomputed, not read from the index: the index is untrusted; for every record of every request
                byte[] pointer = layout.pointer(s, id, sha);
                // one lookup for a record this CCU verified before: its pointer was in the notary when the copy was
                // admitted, and a notarized hash stays notarized (the notary only grows), so a hit answers both
                // "notarized?" and "opened?"; the cache holds the light copy checked against that pointer's CID
                // and decrypted under that record's key
                Map<String, Object> fields = recordCache.get(pointer);
                if (fields == null) {
                    byte[] notarized = notarized(s, pointer);
                    if (notarized == null) {
                        unnotarized[i] = new RefusedException(RefusedException.Step.NOTARY, "record " + s.recordId()
                                + " of " + s.dataName() + ": its pointer was never notarized", null);
                        continue;
                    }
                    fields = notarized == pointer ? null : recordCache.get(notarized); // a first-form pointer
                    if (fields == null) {
                        try {
                            fields = recordCache.admit(notarized, openLight(s, layout, id), admitted);
                        } catch (RuntimeException e) {
                            opened[i] = e;
                            continue;
                        }
                    }
                }
                if (!fused) {
                    opened[i] = fields;
                    continue;
                }
                try {
                    outputs[i] = spec.decide(f, Map.of(), fields);
                } catch (DecisionsException e) {
                    opened[i] = new DecisionsException("record " + s.recordId() + ": " + e.getMessage(), e);
                }
            }
            recordCache.flush(admitted);
        });
        for (RefusedException e : unnotarized) {
            if (e != null) {
                throw e;
            }
        }
        for (Object o : opened) {
            if (o instanceof RefusedException e) {
                throw e;
            }
        }
        for (Object o : opened) {
            if (o instanceof RuntimeException e) {
                throw e;
            }
        }
        DecisionOutcome outcome;
        if (fused) {
            List<DecisionOutcome.RecordDecision> decisions = new ArrayList<>(stored.size());
            for (int i = 0; i < outputs.length; i++) {
                decisions.add(new DecisionOutcome.RecordDecision(stored.get(i).recordId(), outputs[i]));
            }
            outcome = new DecisionOutcome(f.name(), Map.of(), decisions);
        } else {
            List<String> ids = new ArrayList<>(stored.size());
            for (StoredRecord s : stored) {
                ids.add(s.recordId());
            }
            @SuppressWarnings("unchecked") // every entry was checked above to be an opened record's fields
            List<Map<String, Object>> records = (List<Map<String, Object>>) (List<?>) java.util.Arrays.asList(opened);
            outcome = spec.evaluate(f, ids, records);
        }
        if (summaryOnly) {
            outcome = outcome.summaryOnly();
        }
        log.info("decided {} over {} records of {} for {}", f.name(), stored.size(), r.dataName(),
                who.identificationNumber());
        return new Evaluated(r, outcome);
    }

    /** A record's light copy: fetched, checked against its CID, decrypted under the record's key, parsed. */
    private VerifiedRecordCache.Fields openLight(StoredRecord s, Layout layout, byte[] id) {
        byte[] blob = fetch(s);
        byte[] plain;
        try {
            plain = cipher.decrypt(id, layout.lightAad(s, id), blob);
        } catch (RuntimeException e) {
            throw new RefusedException(RefusedException.Step.RECORD, "record " + s.recordId()
                    + ": light copy does not decrypt under its own key (tampered or swapped)", e);
        }
        try {
            return recordCache.read(plain); // already the cache's unmodifiable form: admitting it copies nothing
        } catch (IOException e) {
            throw new RefusedException(RefusedException.Step.REQUEST, "payload is not a valid Map: " + e.getMessage(), e);
        }
    }

    /** The light copy, checked against its CID here too: the store may be run by someone else. */
    private byte[] fetch(StoredRecord s) {
        Optional<byte[]> blob;
        try {
            blob = store.get(s.light());
        } catch (TrustException e) {
            blob = Optional.empty();
        }
        if (blob.isEmpty() || !s.light().matches(blob.get())) {
            throw new RefusedException(RefusedException.Step.STORE, "record " + s.recordId() + ": light copy "
                    + s.light() + " missing or not matching its CID", null);
        }
        return blob.get();
    }

    /** Opens a CCU response (the decider's side): checks the CCU's signature and the decider's HPKE key. */
    public static DecisionOutcome openResponse(Envelope response, X509Certificate ccu, X509Certificate decider,
                                               Hpke.KeyPair deciderKeys, Envelopes opener) {
        byte[] plain = opener.open(response, RESPONSE, ccu, decider, deciderKeys);
        try {
            return OutcomeCodec.read(JSON, plain);
        } catch (IOException e) {
            throw new RefusedException(RefusedException.Step.REQUEST, "payload is not a valid DecisionOutcome: "
                    + e.getMessage(), e);
        }
    }

    /** Serializes a payload to the JSON the CCU reads. */
    public static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new DecisionsException("cannot encode " + value.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static <T> T parse(byte[] bytes, Class<T> type) {
        try {
            return JSON.readValue(bytes, type);
        } catch (IOException e) {
            throw new RefusedException(RefusedException.Step.REQUEST, "payload is not a valid "
                    + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private ParticipantAttributes checkCertificate(X509Certificate c) {
        try {
            return validator.validate(c, clock);
        } catch (TrustException e) {
            throw new RefusedException(RefusedException.Step.CERTIFICATE, e.getMessage(), e);
        }
    }

    /**
     * Opens (this replica's checks, including its own replay memory) and then claims the envelope in the shared
     * replay store, keyed by the signed sender fingerprint and message id, until it leaves the freshness window.
     */
    private byte[] open(Envelope envelope, String purpose, X509Certificate sender, String claimant) {
        byte[] payload;
        try {
            payload = envelopes.open(envelope, purpose, sender, certificate, hpke);
        } catch (TrustException e) {
            throw new RefusedException(RefusedException.Step.ENVELOPE, e.getMessage(), e);
        }
        Envelope.Header h = envelope.header();
        boolean claimed;
        try {
            claimed = replays.claim(h.senderFingerprint() + "/" + h.messageId(), claimant, h.created().plus(replayWindow));
        } catch (RuntimeException e) {
            // nothing was accepted (fail closed); this replica must not keep refusing the redelivery as a replay
            envelopes.release(h.messageId());
            throw e;
        }
        if (!claimed) {
            throw new RefusedException(RefusedException.Step.ENVELOPE, "envelope " + h.messageId()
                    + ": already accepted by a CCU replica within the " + replayWindow.toMinutes()
                    + " min replay window (replay across replicas)", null);
        }
        return payload;
    }

    /** A claimant no other call shares: a direct call (not through the queue) is accepted once. */
    private static String oneOff() {
        return "direct:" + java.util.UUID.randomUUID();
    }

    private static byte[] aad(Submission s, String copy) {
        return aad(s.dataName(), s.dataStructure(), s.recordId(), copy);
    }

    static byte[] aad(String dataName, String structure, String recordId, String copy) {
        return encode(dataName, structure, recordId, copy);
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Ccu::sha256);

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One thread's SHA-256 and buffers for the pointers of a chunk of records (no allocation per record). */
    static final class Hasher {
        private final MessageDigest sha;
        private final byte[] out = new byte[32];
        private byte[] in = new byte[256];

        Hasher(MessageDigest sha) {
            this.sha = sha;
        }

        byte[] buffer(int n) {
            if (in.length < n) {
                in = new byte[Math.max(n, 2 * in.length)];
            }
            return in;
        }

        byte[] digest(byte[] data, int n) {
            sha.update(data, 0, n);
            try {
                sha.digest(out, 0, out.length);
            } catch (java.security.DigestException e) {
                throw new IllegalStateException(e);
            }
            return out;
        }
    }

    /** Records per chunk of the per-record pass (each chunk on one thread, with its own digest). */
    private static final int CHUNK = 256;

    /**
     * The record's pointer if the notary holds it (else null): {@code pointer}, the current form recomputed from the
     * index entry, else the first (records stored before it). Both bind the same tuple under their own label, so
     * neither can stand in for another record's.
     */
    private byte[] notarized(StoredRecord s, byte[] pointer) {
        if (notary.contains(pointer)) {
            return pointer;
        }
        byte[] p = pointerV1(s.dataName(), s.dataStructure(), s.recordId(), s.full(), s.light());
        return notary.contains(p) ? p : null;
    }

    private static final byte[] LIGHT = "light".getBytes(StandardCharsets.UTF_8);

    /**
     * One decision request's encodings of what every record under it shares (data name and structure): the
     * pointer's and the light copy's AAD leading parts, encoded once rather than per record. An index entry
     * naming another name or structure (the index is untrusted) is encoded from its own fields, as before, so the
     * bytes hashed and authenticated are always those of the entry itself.
     */
    static final class Layout {
        private final String dataName;
        private final String structure;
        private final byte[] pointerHead; // label, name, structure (length-prefixed)
        private final byte[] aadHead; // name, structure (length-prefixed)

        Layout(String dataName, String structure) {
            this.dataName = dataName;
            this.structure = structure;
            byte[] name = dataName.getBytes(StandardCharsets.UTF_8);
            byte[] type = structure.getBytes(StandardCharsets.UTF_8);
            aadHead = new byte[8 + name.length + type.length];
            part(aadHead, part(aadHead, 0, name), type);
            pointerHead = new byte[4 + POINTER_V2.length + aadHead.length];
            System.arraycopy(aadHead, 0, pointerHead, part(pointerHead, 0, POINTER_V2), aadHead.length);
        }

        private boolean shared(StoredRecord s) {
            return s.dataName().equals(dataName) && s.dataStructure().equals(structure);
        }

        /** {@link Ccu#pointer} of the entry. */
        byte[] pointer(StoredRecord s, byte[] id) {
            return pointer(s, id, SHA256.get());
        }

        /** {@link Ccu#pointer} of the entry, hashed with {@code sha} (reset, unshared). */
        byte[] pointer(StoredRecord s, byte[] id, MessageDigest sha) {
            return pointer(s, id, new Hasher(sha));
        }

        /**
         * {@link Ccu#pointer} of the entry, encoded and hashed in {@code h}'s buffers: the array returned is
         * {@code h}'s and is overwritten by its next use (the per-record pass only looks it up, never keeps it).
         */
        byte[] pointer(StoredRecord s, byte[] id, Hasher h) {
            if (!shared(s)) {
                return Ccu.pointer(s.dataName(), s.dataStructure(), s.recordId(), s.full(), s.light());
            }
            byte[] f = s.full().digest();
            byte[] l = s.light().digest();
            int n = pointerHead.length + 12 + id.length + f.length + l.length;
            byte[] in = h.buffer(n);
            System.arraycopy(pointerHead, 0, in, 0, pointerHead.length);
            part(in, part(in, part(in, pointerHead.length, id), f), l);
            return h.digest(in, n);
        }

        /** {@link Ccu#aad} of the entry's light copy. */
        byte[] lightAad(StoredRecord s, byte[] id) {
            if (!shared(s)) {
                return aad(s.dataName(), s.dataStructure(), s.recordId(), "light");
            }
            byte[] out = new byte[aadHead.length + 8 + id.length + LIGHT.length];
            System.arraycopy(aadHead, 0, out, 0, aadHead.length);
            part(out, part(out, aadHead.length, id), LIGHT);
            return out;
        }
    }

    private static final byte[] POINTER_V2 = "coalition-decisions/pointer/v2".getBytes(StandardCharsets.UTF_8);

    /**
     * The pointer hash a record's notarization is (form 2): SHA-256 over the length-prefixed label, data name,
     * structure, record id and the two CIDs' sha2-256 digests (the CIDs' only variable part; version, codec and
     * hash function are fixed), encoded into one array and hashed at once (no CID text, one digest call).
     */
    static byte[] pointer(String dataName, String structure, String recordId, Cid full, Cid light) {
        byte[] name = dataName.getBytes(StandardCharsets.UTF_8);
        byte[] type = structure.getBytes(StandardCharsets.UTF_8);
        byte[] id = recordId.getBytes(StandardCharsets.UTF_8);
        byte[] f = full.digest();
        byte[] l = light.digest();
        byte[] in = new byte[24 + POINTER_V2.length + name.length + type.length + id.length + f.length + l.length];
        int at = part(in, 0, POINTER_V2);
        at = part(in, at, name);
        at = part(in, at, type);
        at = part(in, at, id);
        at = part(in, at, f);
        part(in, at, l);
        return SHA256.get().digest(in);
    }

    private static int part(byte[] out, int at, byte[] b) {
        int n = b.length;
        out[at] = (byte) (n >>> 24);
        out[at + 1] = (byte) (n >>> 16);
        out[at + 2] = (byte) (n >>> 8);
        out[at + 3] = (byte) n;
        System.arraycopy(b, 0, out, at + 4, n);
        return at + 4 + n;
    }

    /** The first pointer form (the CIDs as text), still recognised for records notarized with it. */
    static byte[] pointerV1(String dataName, String structure, String recordId, Cid full, Cid light) {
        return SHA256.get().digest(encode("coalition-decisions/pointer/v1", dataName, structure, recordId,
                full.toString(), light.toString()));
    }

    /** Length-prefixed (4 bytes, big-endian, then UTF-8), so that no two different tuples encode alike. */
    private static byte[] encode(String... parts) {
        byte[][] bytes = new byte[parts.length][];
        int total = 0;
        for (int i = 0; i < parts.length; i++) {
            bytes[i] = parts[i].getBytes(StandardCharsets.UTF_8);
            total += 4 + bytes[i].length;
        }
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(total);
        for (byte[] b : bytes) {
            out.putInt(b.length).put(b);
        }
        return out.array();
    }

    static byte[] derive(byte[] seed, String label) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(seed, "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
