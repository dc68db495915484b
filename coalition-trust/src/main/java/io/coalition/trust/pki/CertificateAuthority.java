package io.coalition.trust.pki;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coalition.trust.TrustException;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The participant certificate authority: a self-signed ECDSA P-256 root that issues participant certificates
 * carrying {@link ParticipantAttributes}, revokes them and publishes a signed CRL.
 *
 * <p>A CA made by {@link #create} lives in memory; {@link #init} and {@link #open} bind it to a folder holding
 * {@code ca.crt}, {@code ca.key} (PKCS#8 PEM, owner-only), {@code state.json} (last serial, CRL number,
 * revocations), {@code crl.pem} (the latest CRL) and {@code issued/SERIAL.crt}. Every change is written to a
 * temporary file and moved into place, so an interrupted command leaves the previous state.
 *
 * <p>Several handles may have one folder open at once (CCU replicas started together, a {@code pki} command
 * beside a running server): every issue, revocation and CRL holds an exclusive lock on {@code state.lock} in the
 * folder and re-reads {@code state.json} under it, so serials and CRL numbers are allocated once across handles
 * and processes, and a revocation made through one handle is in the next CRL of every other.
 *
 * <p>The CA issues what it is given: checking that the attributes are approved is the
 * {@link RegistrationAuthority}'s job.
 */
public final class CertificateAuthority {
    static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** RFC 5280 CRL reason codes a participant certificate can be revoked for. */
    public enum RevocationReason {
        UNSPECIFIED(CRLReason.unspecified),
        KEY_COMPROMISE(CRLReason.keyCompromise),
        AFFILIATION_CHANGED(CRLReason.affiliationChanged),
        SUPERSEDED(CRLReason.superseded),
        CESSATION_OF_OPERATION(CRLReason.cessationOfOperation),
        PRIVILEGE_WITHDRAWN(CRLReason.privilegeWithdrawn);

        final int code;

        RevocationReason(int code) {
            this.code = code;
        }

        static RevocationReason of(int code) {
            for (RevocationReason r : values()) if (r.code == code) return r;
            return UNSPECIFIED;
        }
    }

    /** A revoked certificate. */
    public record Revocation(BigInteger serial, Instant revokedAt, RevocationReason reason) {
    }

    private final X509Certificate certificate;
    private final PrivateKey key;
    private final Clock clock;
    private final Path dir;
    private BigInteger lastSerial;
    private BigInteger crlNumber;
    private final Map<BigInteger, Revocation> revoked = new LinkedHashMap<>();
    private Duration crlValidity = Duration.ofDays(7);

    private CertificateAuthority(X509Certificate certificate, PrivateKey key, Clock clock, Path dir,
                                 BigInteger lastSerial, BigInteger crlNumber) {
        this.certificate = certificate;
        this.key = key;
        this.clock = clock;
        this.dir = dir;
        this.lastSerial = lastSerial;
        this.crlNumber = crlNumber;
    }

    /** A new in-memory CA named {@code CN=name}, self-signed, valid for 10 years from the clock's now. */
    public static CertificateAuthority create(String name, Clock clock) {
        return create(name, clock, null);
    }

    /** A new CA written to {@code dir}; refuses a folder that already holds a CA key. */
    public static CertificateAuthority init(Path dir, String name, Clock clock) {
        if (Files.exists(dir.resolve("ca.key"))) {
            throw new TrustException("CA: " + dir + " already holds a CA (ca.key); not overwriting it");
        }
        CertificateAuthority ca = create(name, clock, dir);
        Pem.writePrivateKey(dir.resolve("ca.key"), ca.key);
        Pem.write(dir.resolve("ca.crt"), ca.certificate);
        ca.save();
        Pem.write(dir.resolve("crl.pem"), ca.crl());
        return ca;
    }

    private static CertificateAuthority create(String name, Clock clock, Path dir) {
        if (name == null || name.isBlank()) throw new TrustException("CA: the name is empty");
        KeyPair keys = newKeyPair();
        Instant now = now(clock);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name.strip()).build();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, BigInteger.ONE, Date.from(now),
                    Date.from(now.plus(Duration.ofDays(3650))), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate cert = Pem.certificate(b.build(signer(keys.getPrivate())), "CA " + name);
            return new CertificateAuthority(cert, keys.getPrivate(), clock, dir, BigInteger.ONE, BigInteger.ZERO);
        } catch (GeneralSecurityException | IOException e) {
            throw new TrustException("CA: cannot create the CA certificate: " + e.getMessage(), e);
        }
    }

    /** Opens the CA kept in {@code dir}. */
    public static CertificateAuthority open(Path dir, Clock clock) {
        Path crt = dir.resolve("ca.crt");
        if (!Files.isRegularFile(crt) || !Files.isRegularFile(dir.resolve("ca.key"))) {
            throw new TrustException("CA: " + dir + " holds no CA (ca.crt and ca.key); run 'coalition pki init-ca' first");
        }
        X509Certificate cert = Pem.readCertificate(crt);
        PrivateKey key = Pem.readPrivateKey(dir.resolve("ca.key"));
        CertificateAuthority ca = new CertificateAuthority(cert, key, clock, dir, BigInteger.ONE, BigInteger.ZERO);
        ca.reload(); // reading needs no lock: state.json is only ever replaced whole (atomic move)
        return ca;
    }

    /** Reads {@code state.json} into this handle (another handle may have changed it). */
    private void reload() {
        Path file = dir.resolve("state.json");
        JsonNode state;
        try {
            state = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new TrustException("CA: cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            BigInteger serial = new BigInteger(state.required("lastSerial").asText());
            BigInteger number = new BigInteger(state.required("crlNumber").asText());
            Map<BigInteger, Revocation> list = new LinkedHashMap<>();
            for (JsonNode r : state.path("revoked")) {
                BigInteger s = new BigInteger(r.required("serial").asText());
                list.put(s, new Revocation(s, Instant.parse(r.required("revokedAt").asText()),
                        RevocationReason.valueOf(r.required("reason").asText())));
            }
            lastSerial = serial;
            crlNumber = number;
            revoked.clear();
            revoked.putAll(list);
        } catch (RuntimeException e) {
            throw new TrustException("CA: " + file + " is malformed: " + e.getMessage(), e);
        }
    }

    /**
     * One lock per CA folder in this JVM: {@link FileChannel#lock} excludes other processes only, and throws when
     * another channel of the same JVM holds the file, so handles in one JVM queue here first.
     */
    private static final Map<Path, ReentrantLock> FOLDER_LOCKS = new ConcurrentHashMap<>();

    /**
     * Runs {@code op} on the folder's current state: under the JVM's lock for the folder and an exclusive lock on
     * {@code state.lock}, after re-reading {@code state.json}; an in-memory CA just runs it.
     */
    private <T> T underFolderLock(Supplier<T> op) {
        if (dir == null) {
            return op.get();
        }
        ReentrantLock local = FOLDER_LOCKS.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> new ReentrantLock());
        local.lock();
        Path lockFile = dir.resolve("state.lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            reload();
            return op.get();
        } catch (IOException e) {
            throw new TrustException("CA: cannot lock " + lockFile + ": " + e.getMessage(), e);
        } finally {
            local.unlock();
        }
    }

    /** How long a CRL from {@link #crl()} stays current (its nextUpdate); 7 days unless set. */
    public CertificateAuthority crlValidity(Duration validity) {
        this.crlValidity = validity;
        return this;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The folder this CA is kept in, if any. */
    public Optional<Path> directory() {
        return Optional.ofNullable(dir);
    }

    /**
     * Issues a certificate for the CSR's subject and key with the given (approved) attributes, valid from now
     * for {@code validity}. The CSR must be signed by its key (proof of possession) and the key must be ECDSA P-256.
     */
    public synchronized X509Certificate issue(PKCS10CertificationRequest csr, ParticipantAttributes approved,
                                              Duration validity) {
        SubjectPublicKeyInfo spki = csr.getSubjectPublicKeyInfo();
        if (!isP256(spki.getAlgorithm())) {
            throw new TrustException("CA: the CSR for " + csr.getSubject() + " has " + describe(spki.getAlgorithm())
                    + "; participant keys must be ECDSA P-256");
        }
        if (!Enrollment.signatureValid(csr)) {
            throw new TrustException("CA: the CSR for " + csr.getSubject() + " is not signed by its key (no proof of possession)");
        }
        if (validity.isNegative() || validity.isZero()) throw new TrustException("CA: validity must be positive");
        return underFolderLock(() -> issueNext(csr, spki, approved, validity));
    }

    private X509Certificate issueNext(PKCS10CertificationRequest csr, SubjectPublicKeyInfo spki,
                                      ParticipantAttributes approved, Duration validity) {
        Instant now = now(clock);
        BigInteger serial = lastSerial.add(BigInteger.ONE);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new X509v3CertificateBuilder(
                    X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), serial, Date.from(now),
                    Date.from(now.plus(validity)), csr.getSubject(), spki)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(spki))
                    .addExtension(approved.extension());
            X509Certificate issued = Pem.certificate(b.build(signer(key)), "issued certificate");
            lastSerial = serial;
            if (dir != null) {
                Pem.write(dir.resolve("issued").resolve(serial + ".crt"), issued);
                save();
            }
            return issued;
        } catch (GeneralSecurityException | IOException e) {
            throw new TrustException("CA: cannot issue a certificate: " + e.getMessage(), e);
        }
    }

    /** Revokes the certificate with this serial; the next {@link #crl()} lists it. */
    public synchronized Revocation revoke(BigInteger serial, RevocationReason reason) {
        return underFolderLock(() -> revokeNow(serial, reason));
    }

    private Revocation revokeNow(BigInteger serial, RevocationReason reason) {
        if (serial.compareTo(BigInteger.ONE) <= 0 || serial.compareTo(lastSerial) > 0) {
            throw new TrustException("CA: no certificate with serial " + serial + " was issued (last serial " + lastSerial + ")");
        }
        if (revoked.containsKey(serial)) {
            throw new TrustException("CA: certificate " + serial + " is already revoked since " + revoked.get(serial).revokedAt());
        }
        Revocation r = new Revocation(serial, now(clock), reason);
        revoked.put(serial, r);
        if (dir != null) {
            save();
            Pem.write(dir.resolve("crl.pem"), signCrl()); // already under the folder lock
        }
        return r;
    }

    public synchronized List<Revocation> revocations() {
        if (dir != null) reload();
        return List.copyOf(revoked.values());
    }

    /** Serial of the last certificate issued (1 is the CA's own), by any handle on the CA's folder. */
    public synchronized BigInteger lastSerial() {
        if (dir != null) reload();
        return lastSerial;
    }

    /** A fresh CRL signed by the CA: thisUpdate now, nextUpdate now + {@link #crlValidity}, an increasing CRL number. */
    public synchronized X509CRL crl() {
        return underFolderLock(this::signCrl);
    }

    private X509CRL signCrl() {
        Instant now = now(clock);
        crlNumber = crlNumber.add(BigInteger.ONE);
        try {
            X509v2CRLBuilder b = new X509v2CRLBuilder(
                    X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), Date.from(now));
            b.setNextUpdate(Date.from(now.plus(crlValidity)));
            for (Revocation r : revoked.values()) b.addCRLEntry(r.serial(), Date.from(r.revokedAt()), r.reason().code);
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(crlNumber));
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate));
            X509CRLHolder holder = b.build(signer(key));
            if (dir != null) save();
            return new JcaX509CRLConverter().getCRL(holder);
        } catch (GeneralSecurityException | IOException e) {
            throw new TrustException("CA: cannot sign the CRL: " + e.getMessage(), e);
        }
    }

    private void save() {
        ObjectNode state = JSON.createObjectNode();
        state.put("subject", certificate.getSubjectX500Principal().getName());
        state.put("lastSerial", lastSerial.toString());
        state.put("crlNumber", crlNumber.toString());
        ArrayNode list = state.putArray("revoked");
        for (Revocation r : revoked.values()) {
            list.addObject().put("serial", r.serial().toString()).put("revokedAt", r.revokedAt().toString())
                    .put("reason", r.reason().name());
        }
        try {
            Pem.writeAtomically(dir.resolve("state.json"), JSON.writeValueAsString(state) + "\n", false);
        } catch (IOException e) {
            throw new TrustException("CA: cannot write state: " + e.getMessage(), e);
        }
    }

    static boolean isP256(AlgorithmIdentifier algorithm) {
        return X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())
                && algorithm.getParameters() instanceof ASN1ObjectIdentifier curve
                && X9ObjectIdentifiers.prime256v1.equals(curve);
    }

    /** {@code an EC key on curve 1.3.132.0.34} or {@code a 1.2.840.113549.1.1.1 key}. */
    static String describe(AlgorithmIdentifier algorithm) {
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())) {
            return "an EC key on curve " + algorithm.getParameters();
        }
        return "a " + algorithm.getAlgorithm() + " key";
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new TrustException("cannot generate an ECDSA P-256 key pair: " + e.getMessage(), e);
        }
    }

    static ContentSigner signer(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(key);
        } catch (OperatorCreationException e) {
            throw new TrustException("cannot sign with " + SIGNATURE_ALGORITHM + ": " + e.getMessage(), e);
        }
    }

    /** X.509 times have whole seconds. */
    static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

}
