package io.coalition.decisions.replica;

import io.coalition.decisions.DecisionsException;
import io.coalition.trust.enclave.Platform;
import io.coalition.trust.pki.Enrollment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * The simulated TEE of one machine ({@code sim} backend, <b>no hardware protection</b>), kept in a folder so that
 * a CCU started again on the same machine unseals what it sealed before: {@code platform.key} (the platform's
 * ECDSA P-256 attestation key, PKCS#8 DER), {@code platform.pub} (its public key, X.509 SubjectPublicKeyInfo DER:
 * what verifiers on other machines are given) and {@code platform.secret} (32 random bytes the sealing keys are
 * derived from). Anyone who can read the folder can unseal and forge evidence: it stands in for a CPU's fused
 * keys in demos and tests only.
 */
public final class SimulatedMachine {
    static final String KEY = "platform.key";
    static final String PUBLIC = "platform.pub";
    static final String SECRET = "platform.secret";

    private final KeyPair key;
    private final byte[] secret;

    private SimulatedMachine(KeyPair key, byte[] secret) {
        this.key = key;
        this.secret = secret;
    }

    /** Opens the machine kept in {@code dir}, creating it (new key and secret) when the folder has none. */
    public static synchronized SimulatedMachine openOrCreate(Path dir) {
        Path key = dir.resolve(KEY);
        Path pub = dir.resolve(PUBLIC);
        Path secret = dir.resolve(SECRET);
        if (!Files.exists(key) && !Files.exists(secret)) {
            KeyPair k = Enrollment.newKeyPair();
            byte[] s = new byte[32];
            new SecureRandom().nextBytes(s);
            write(secret, s);
            write(pub, k.getPublic().getEncoded());
            write(key, k.getPrivate().getEncoded());
        }
        try {
            byte[] s = Files.readAllBytes(secret);
            if (s.length != 32) {
                throw new DecisionsException("simulated machine " + dir + ": " + SECRET + " has " + s.length
                        + " bytes, expected 32");
            }
            KeyFactory ec = KeyFactory.getInstance("EC");
            KeyPair k = new KeyPair(ec.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(pub))),
                    ec.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(key))));
            return new SimulatedMachine(k, s);
        } catch (IOException e) {
            throw new DecisionsException("simulated machine " + dir + ": cannot read: " + e, e);
        } catch (GeneralSecurityException e) {
            throw new DecisionsException("simulated machine " + dir + ": not an EC key pair: " + e.getMessage(), e);
        }
    }

    /** Reads another machine's {@code platform.pub}, to accept evidence from replicas running there. */
    public static PublicKey readPublicKey(Path file) {
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new DecisionsException("simulated platform key " + file + ": cannot read: " + e, e);
        } catch (GeneralSecurityException e) {
            throw new DecisionsException("simulated platform key " + file + ": not an EC public key (X.509 DER): "
                    + e.getMessage(), e);
        }
    }

    /** The sim platform enclaves on this machine run on. */
    public Platform platform() {
        return Platform.simulated(key, secret, new byte[32], 1, 1, false);
    }

    /** The public key its evidence is signed with. */
    public PublicKey publicKey() {
        return key.getPublic();
    }

    private static void write(Path file, byte[] bytes) {
        // owner-only before the content goes in; then moved into place whole
        Path tmp = null;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the folder's own permissions are all there is
            }
            Files.write(tmp, bytes);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } catch (IOException e) {
            throw new DecisionsException("simulated machine: cannot write " + file + ": " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write failure is what gets reported
                }
            }
        }
    }

    @Override
    public String toString() {
        return "SimulatedMachine[sim, no hardware protection]";
    }
}
