package io.coalition.trust.pki;

import io.coalition.trust.TrustException;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;

/** PEM files for the PKI: certificates, CRLs, PKCS#10 requests and PKCS#8 private keys. Writes are atomic. */
public final class Pem {
    private Pem() {
    }

    public static String encode(Object object) {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(object instanceof PrivateKey key ? new JcaPKCS8Generator(key, null) : object);
        } catch (IOException e) {
            throw new TrustException("PEM: cannot encode " + object.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        return s.toString();
    }

    /** Writes a certificate, CRL or CSR as PEM (atomically: a temporary file, then a move). */
    public static void write(Path file, Object object) {
        writeAtomically(file, encode(object), false);
    }

    /** Writes a private key as PKCS#8 PEM readable by its owner only, atomically; refuses to overwrite a key. */
    public static void writePrivateKey(Path file, PrivateKey key) {
        if (Files.exists(file)) throw new TrustException("PEM: " + file + " already exists; not overwriting a private key");
        writeAtomically(file, encode(key), true);
    }

    static void writeAtomically(Path file, String text, boolean ownerOnly) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = ownerOnly && dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                    ? Files.createTempFile(dir, ".tmp-", ".pem",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(dir, ".tmp-", ".pem");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (FileAlreadyExistsException e) {
            throw new TrustException("PEM: " + file + " already exists", e);
        } catch (IOException e) {
            throw new TrustException("PEM: cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the move succeeded or the write failed; either way nothing else to do
                }
            }
        }
    }

    private static Object readObject(Path file, String what) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new TrustException("PEM: cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
        return parse(new StringReader(text), file + "", what);
    }

    private static Object parse(Reader reader, String source, String what) {
        try (PEMParser p = new PEMParser(reader)) {
            Object o = p.readObject();
            if (o == null) throw new TrustException("PEM: " + source + " holds no PEM object (expected " + what + ")");
            return o;
        } catch (IOException | RuntimeException e) {
            if (e instanceof TrustException t) throw t;
            throw new TrustException("PEM: " + source + " is not a valid " + what + ": " + e.getMessage(), e);
        }
    }

    public static X509Certificate readCertificate(Path file) {
        if (!(readObject(file, "certificate") instanceof X509CertificateHolder h)) {
            throw new TrustException("PEM: " + file + " does not hold a certificate");
        }
        return certificate(h, file.toString());
    }

    static X509Certificate certificate(X509CertificateHolder h, String source) {
        try {
            return new JcaX509CertificateConverter().getCertificate(h);
        } catch (GeneralSecurityException e) {
            throw new TrustException("PEM: " + source + ": bad certificate: " + e.getMessage(), e);
        }
    }

    public static X509CRL readCrl(Path file) {
        if (!(readObject(file, "CRL") instanceof X509CRLHolder h)) {
            throw new TrustException("PEM: " + file + " does not hold a CRL");
        }
        try {
            return new JcaX509CRLConverter().getCRL(h);
        } catch (GeneralSecurityException e) {
            throw new TrustException("PEM: " + file + ": bad CRL: " + e.getMessage(), e);
        }
    }

    /**
     * The CRL in {@code file} as a supplier for {@link CertificateValidator}: the file is read on every call, so a
     * CRL the CA publishes takes effect at the next validation, but it is parsed again only when its bytes changed;
     * while they did not, the same {@link X509CRL} instance is returned, whose signature the validator then does not
     * verify again.
     */
    public static java.util.function.Supplier<X509CRL> crlFile(Path file) {
        return new java.util.function.Supplier<>() {
            private byte[] bytes;
            private X509CRL crl;

            @Override
            public synchronized X509CRL get() {
                byte[] now;
                try {
                    now = java.nio.file.Files.readAllBytes(file);
                } catch (java.io.IOException e) {
                    throw new TrustException("PEM: cannot read the CRL " + file + ": " + e.getMessage(), e);
                }
                if (crl == null || !java.util.Arrays.equals(now, bytes)) {
                    crl = readCrl(file);
                    bytes = now;
                }
                return crl;
            }
        };
    }

    public static PKCS10CertificationRequest readCsr(Path file) {
        if (!(readObject(file, "certificate request") instanceof PKCS10CertificationRequest csr)) {
            throw new TrustException("PEM: " + file + " does not hold a PKCS#10 certificate request");
        }
        return csr;
    }

    public static PrivateKey readPrivateKey(Path file) {
        Object o = readObject(file, "private key");
        try {
            JcaPEMKeyConverter c = new JcaPEMKeyConverter();
            if (o instanceof PrivateKeyInfo info) return c.getPrivateKey(info);
            if (o instanceof PEMKeyPair pair) return c.getKeyPair(pair).getPrivate();
        } catch (IOException e) {
            throw new TrustException("PEM: " + file + ": bad private key: " + e.getMessage(), e);
        }
        throw new TrustException("PEM: " + file + " does not hold an unencrypted private key");
    }
}
