package io.coalition.trust.notary;

import io.coalition.trust.TrustException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link Notary} does, the embedded log and the Ethereum contract alike. */
public abstract class NotaryContract {
    private final List<AutoCloseable> opened = new ArrayList<>();

    /** A fresh notary with nothing notarized. */
    protected abstract Notary create() throws Exception;

    /** A new instance over the same notarized state as {@code notary} (reopened file, new client). */
    protected abstract Notary reopen(Notary notary) throws Exception;

    /** The earliest time a receipt made now may carry. */
    protected abstract Instant notBefore();

    protected final <T extends Notary> T track(T notary) {
        if (notary instanceof AutoCloseable c) opened.add(c);
        return notary;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened) c.close();
    }

    protected static byte[] sha256(String text) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void notarizedHashIsFoundWithItsReceipt() throws Exception {
        Instant before = notBefore();
        Notary notary = create();
        byte[] hash = sha256("checkpoint 1 of the hospital log");
        Receipt receipt = notary.notarize(hash);
        assertThat(receipt.hash()).isEqualTo(hash);
        assertThat(receipt.time()).isAfterOrEqualTo(before);
        assertThat(notary.lookup(hash)).contains(receipt);
    }

    @Test
    void aTamperedHashIsNotFound() throws Exception {
        Notary notary = create();
        byte[] hash = sha256("model of the claims process");
        notary.notarize(hash);
        byte[] flipped = hash.clone();
        flipped[31] ^= 0x01;
        assertThat(notary.lookup(flipped)).isEmpty();
    }

    @Test
    void notarizingAgainReturnsTheFirstReceipt() throws Exception {
        Notary notary = create();
        byte[] first = sha256("a");
        Receipt receipt = notary.notarize(first);
        Receipt other = notary.notarize(sha256("b"));
        assertThat(notary.notarize(first)).isEqualTo(receipt);
        assertThat(other.position()).isGreaterThan(receipt.position());
    }

    @Test
    void receiptsSurviveReopening() throws Exception {
        Notary notary = create();
        byte[] hash = sha256("survives");
        Receipt receipt = notary.notarize(hash);
        Notary again = reopen(notary);
        assertThat(again.lookup(hash)).contains(receipt);
        assertThat(again.lookup(sha256("never"))).isEmpty();
    }

    @Test
    void aHashOfTheWrongLengthIsRefused() throws Exception {
        Notary notary = create();
        assertThatThrownBy(() -> notary.notarize(new byte[31]))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("notary: expected a 32-byte SHA-256 hash, got 31 bytes");
        assertThatThrownBy(() -> notary.lookup(new byte[33]))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("notary: expected a 32-byte SHA-256 hash, got 33 bytes");
    }
}
