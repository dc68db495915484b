package io.coalition.trust.enclave;

import io.coalition.trust.TrustException;
import io.coalition.trust.attestation.Attester;
import io.coalition.trust.attestation.Evidence;
import io.coalition.trust.attestation.ReportData;
import io.coalition.trust.hpke.Hpke;
import io.coalition.trust.tls.AttestedIdentity;
import io.coalition.trust.tls.AttestedServer;
import io.coalition.trust.tls.PeerPolicy;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs an application component on a {@link Platform}, and gives it what an enclave has: a measurement, evidence
 * bound to its own TLS and HPKE keys, HPKE decryption of what parties send it, attested TLS, and sealing.
 *
 * <p>Keys: a fresh ECDSA P-256 TLS key pair and a fresh X25519 HPKE key pair per launch, generated here and
 * never exported. {@link #evidence(byte[])} binds {@code ReportData(nonce, SHA-256(TLS SPKI), HPKE public key)}.
 *
 * <p>Sealing (seed 004, section 2 and SDEX): sealing key = HKDF-SHA256(IKM = platform secret,
 * salt = {@code "coalition/seal/v1"}, info = measurement), 32 bytes; blob = {@code "CSB1"} ‖ 12-byte random IV ‖
 * AES-256-GCM ciphertext with its 16-byte tag, associated data = {@code "CSB1"} ‖ the caller's associated data.
 * A blob sealed under one measurement (or platform secret) does not open under another, and any change to it or
 * to the associated data is detected.
 */
public final class Enclave implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Enclave.class);
    private static final byte[] MAGIC = "CSB1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEAL_SALT = "coalition/seal/v1".getBytes(StandardCharsets.US_ASCII);

    private final Platform platform;
    private final Attester attester;
    private final byte[] measurement;
    private final KeyPair tlsKeys;
    private final Hpke.KeyPair hpkeKeys;
    private final Clock clock;
    private final SecureRandom random;
    private final EnclaveApplication application;
    private boolean closed;

    private Enclave(Platform platform, byte[] artifactMeasurement, EnclaveApplication application, Clock clock, SecureRandom random) {
        this.platform = platform;
        this.attester = platform.attester(artifactMeasurement);
        this.measurement = platform.measurement(artifactMeasurement, attester);
        this.tlsKeys = AttestedIdentity.newKeyPair(random);
        this.hpkeKeys = Hpke.DEFAULT.generateKeyPair();
        this.clock = clock;
        this.random = random;
        this.application = application;
    }

    /** Launches {@code application} as the enclave application built from the artifact file (its measurement on sim). */
    public static Enclave launch(Platform platform, Path artifact, EnclaveApplication application, Clock clock, SecureRandom random) {
        try (InputStream in = Files.newInputStream(artifact)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) d.update(buf, 0, n);
            return start(new Enclave(platform, d.digest(), application, clock, random));
        } catch (IOException e) {
            throw new TrustException("enclave: cannot read the application artifact " + artifact + ": " + e, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Launches {@code application} as the enclave application built from {@code artifact}'s bytes. */
    public static Enclave launch(Platform platform, byte[] artifact, EnclaveApplication application, Clock clock, SecureRandom random) {
        return start(new Enclave(platform, sha256(artifact), application, clock, random));
    }

    private static Enclave start(Enclave e) {
        try {
            e.application.start(e);
        } catch (Exception ex) {
            synchronized (e) {
                e.closed = true; // a component that did not start is not stopped
            }
            throw new TrustException("enclave: the application " + e.application.getClass().getName() + " failed to start on "
                    + e.platform.name() + ": " + ex.getMessage(), ex);
        }
        log.info("enclave started on {} with measurement {}", e.platform.name(), e.measurementHex());
        return e;
    }

    public Platform platform() {
        return platform;
    }

    public byte[] measurement() {
        return measurement.clone();
    }

    public String measurementHex() {
        return HexFormat.of().formatHex(measurement);
    }

    public PublicKey tlsPublicKey() {
        return tlsKeys.getPublic();
    }

    public byte[] hpkePublicKey() {
        return hpkeKeys.publicKey();
    }

    /** Evidence answering {@code nonce}, bound to this enclave's TLS and HPKE keys. */
    public Evidence evidence(byte[] nonce) {
        checkOpen();
        return attester.attest(ReportData.of(nonce, tlsKeys.getPublic(), hpkeKeys.publicKey()).bytes());
    }

    /** Opens an HPKE message sent to {@link #hpkePublicKey()}. */
    public byte[] open(Hpke.Sealed message, byte[] info, byte[] aad) {
        checkOpen();
        return Hpke.DEFAULT.open(hpkeKeys, message, info, aad);
    }

    /**
     * The secret a sender exported with {@link Hpke#export(byte[], byte[], byte[], int)} to {@link #hpkePublicKey()}:
     * one HPKE setup per session, then a symmetric key for its messages. For the enclave application only; it is
     * unauthenticated (a wrong encapsulated key gives another secret), so use it with an AEAD.
     */
    public byte[] exportSecret(byte[] encapsulatedKey, byte[] info, byte[] exporterContext, int length) {
        checkOpen();
        return Hpke.DEFAULT.export(hpkeKeys, encapsulatedKey, info, exporterContext, length);
    }

    /** This enclave as an attested-TLS party whose certificates are signed by its participant certificate's key. */
    public AttestedIdentity attestedIdentity(X509Certificate participant, PrivateKey participantKey) {
        return attestedIdentity(participant, participantKey, Duration.ofMinutes(5));
    }

    /** As {@link #attestedIdentity(X509Certificate, PrivateKey)}, with the validity of the TLS certificates it issues. */
    public AttestedIdentity attestedIdentity(X509Certificate participant, PrivateKey participantKey, Duration leafValidity) {
        return new AttestedIdentity(participant, participantKey, attester, hpkeKeys.publicKey(), tlsKeys, clock, random,
                leafValidity);
    }

    /** Serves attested TLS on a loopback port; with {@code clients}, only attested clients (mutual). */
    public AttestedServer serve(X509Certificate participant, PrivateKey participantKey, Optional<PeerPolicy> clients,
                                AttestedServer.Handler handler, Consumer<TrustException> onRejected) {
        checkOpen();
        return AttestedServer.start(attestedIdentity(participant, participantKey), clients, handler, onRejected);
    }

    /** Seals {@code plaintext} to this platform and measurement; see the class comment. */
    public byte[] seal(byte[] plaintext, byte[] aad) {
        checkOpen();
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, sealingKey(), new GCMParameterSpec(128, iv));
            c.updateAAD(concat(MAGIC, aad));
            return concat(MAGIC, iv, c.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new TrustException("enclave: cannot seal: " + e.getMessage(), e);
        }
    }

    /**
     * Opens a blob from {@link #seal}.
     *
     * @throws TrustException when it is malformed, was sealed by another measurement or platform, or was altered
     */
    public byte[] unseal(byte[] blob, byte[] aad) {
        checkOpen();
        if (blob.length < MAGIC.length + 12 + 16 || !Arrays.equals(Arrays.copyOf(blob, 4), MAGIC)) {
            throw new TrustException("sealed blob: not a Coalition sealed blob (expected 'CSB1', a 12-byte IV and at least "
                    + "a 16-byte tag; got " + blob.length + " bytes)");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, sealingKey(), new GCMParameterSpec(128, blob, 4, 12));
            c.updateAAD(concat(MAGIC, aad));
            return c.doFinal(blob, 16, blob.length - 16);
        } catch (AEADBadTagException e) {
            throw new TrustException("sealed blob: does not open under the sealing key of measurement " + measurementHex()
                    + " on " + platform.name() + " (sealed by another enclave or platform, altered, or other associated data)");
        } catch (GeneralSecurityException e) {
            throw new TrustException("sealed blob: cannot open: " + e.getMessage(), e);
        }
    }

    private SecretKeySpec sealingKey() {
        byte[] secret = platform.secret();
        try {
            HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
            hkdf.init(new HKDFParameters(secret, SEAL_SALT, measurement));
            byte[] key = new byte[32];
            hkdf.generateBytes(key, 0, key.length);
            return new SecretKeySpec(key, "AES");
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private synchronized void checkOpen() {
        if (closed) throw new TrustException("enclave: closed (measurement " + measurementHex() + ")");
    }

    /** Stops the application; the enclave is unusable afterwards. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        try {
            application.stop();
        } catch (Exception e) {
            log.warn("enclave: the application failed to stop: {}", e.toString());
        }
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Override
    public String toString() {
        return "Enclave[" + platform.name() + ", measurement " + measurementHex() + "]";
    }
}
