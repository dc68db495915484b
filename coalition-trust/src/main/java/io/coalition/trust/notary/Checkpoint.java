package io.coalition.trust.notary;

import io.coalition.trust.TrustException;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A tree head of a notary log: origin, size and root hash, in the C2SP checkpoint text form
 * ({@code origin\nsize\nbase64(root)\n}), which is what gets signed.
 */
public record Checkpoint(String origin, long size, byte[] root) {

    public Checkpoint {
        Objects.requireNonNull(origin, "origin");
        if (origin.isBlank() || origin.contains("\n")) throw new IllegalArgumentException("origin must be one non-blank line");
        if (size < 0) throw new IllegalArgumentException("size must not be negative");
        root = root.clone();
        if (root.length != 32) throw new IllegalArgumentException("root must be a SHA-256 hash");
    }

    /** The signed text. */
    public String text() {
        return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
    }

    /** Signs this checkpoint with an Ed25519 key. */
    public Signed sign(PrivateKey key) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(text().getBytes(StandardCharsets.UTF_8));
            return new Signed(this, s.sign());
        } catch (GeneralSecurityException e) {
            throw new TrustException("cannot sign the checkpoint: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] root() {
        return root.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && c.origin.equals(origin) && c.size == size && Arrays.equals(c.root, root);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, size, Arrays.hashCode(root));
    }

    /** A checkpoint with the notary's Ed25519 signature. */
    public record Signed(Checkpoint checkpoint, byte[] signature) {
        public Signed {
            Objects.requireNonNull(checkpoint, "checkpoint");
            signature = signature.clone();
        }

        /** Verifies the signature; {@link TrustException} when it was not made by {@code key} over this checkpoint. */
        public Checkpoint verify(PublicKey key) {
            boolean ok;
            try {
                Signature s = Signature.getInstance("Ed25519");
                s.initVerify(key);
                s.update(checkpoint.text().getBytes(StandardCharsets.UTF_8));
                ok = s.verify(signature);
            } catch (GeneralSecurityException e) {
                throw new TrustException("checkpoint signature cannot be checked: " + e.getMessage(), e);
            }
            if (!ok) {
                throw new TrustException("checkpoint of " + checkpoint.origin() + " at size " + checkpoint.size()
                        + ": the signature does not verify with the notary's key");
            }
            return checkpoint;
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }
    }
}
