package io.coalition.trust.envelope;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * A message sealed to one recipient (HPKE) and signed by its sender (ECDSA P-256 with the sender's participant
 * certificate). The header is both the HPKE associated data and part of what is signed, so neither the routing
 * nor the purpose of a message can be changed without it failing to open.
 */
public record Envelope(Header header, byte[] encapsulatedKey, byte[] ciphertext, byte[] signature) {

    /** The protocol label: part of the HPKE info, so keys derived for another protocol never open these. */
    public static final String PROTOCOL = "coalition-envelope/v1";

    public Envelope {
        Objects.requireNonNull(header, "header");
        encapsulatedKey = encapsulatedKey.clone();
        ciphertext = ciphertext.clone();
        signature = signature.clone();
    }

    /**
     * What the envelope says about itself.
     *
     * @param messageId            unique per message: a recipient refuses an id it has seen (replay)
     * @param purpose              what the payload is for, e.g. {@code event-log}
     * @param senderFingerprint    SHA-256 of the sender's certificate, hex
     * @param recipientFingerprint SHA-256 of the recipient's certificate, hex
     * @param created              when it was sealed; a recipient refuses envelopes older than its window
     */
    public record Header(String messageId, String purpose, String senderFingerprint, String recipientFingerprint,
                         Instant created) {
        public Header {
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(purpose, "purpose");
            Objects.requireNonNull(senderFingerprint, "senderFingerprint");
            Objects.requireNonNull(recipientFingerprint, "recipientFingerprint");
            Objects.requireNonNull(created, "created");
        }

        /** A length-prefixed encoding: unambiguous, so two different headers never encode alike. */
        public byte[] encode() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                for (String s : new String[] {PROTOCOL, messageId, purpose, senderFingerprint, recipientFingerprint}) {
                    byte[] b = s.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(b.length);
                    out.write(b);
                }
                out.writeLong(created.getEpochSecond());
                out.writeInt(created.getNano());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }
    }

    /** HPKE info: protocol label, recipient certificate fingerprint and purpose. */
    static byte[] info(Header h) {
        return (PROTOCOL + "\n" + h.recipientFingerprint() + "\n" + h.purpose()).getBytes(StandardCharsets.UTF_8);
    }

    /** The bytes the sender signs: header, encapsulated key and ciphertext, each length-prefixed. */
    byte[] signedBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (byte[] b : new byte[][] {header.encode(), encapsulatedKey, ciphertext}) {
                out.writeInt(b.length);
                out.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public byte[] encapsulatedKey() {
        return encapsulatedKey.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }
}
