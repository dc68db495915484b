package io.coalition.trustedmining.transport;

import io.coalition.trust.notary.Receipt;
import io.coalition.trustedmining.ProviderEndpoint;
import io.coalition.trustedmining.SealedMessage;
import io.coalition.trustedmining.TrustedMiningException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The batch answer of {@code /v2/sessions/{id}/segments?from=F&count=C}: round trip and strict decoding. */
class WireBatchTest {
    static ProviderEndpoint.Delivery delivery(int sequence) {
        SealedMessage m = SealedMessage.decode(new SealedMessage(sequence == 0 ? SealedMessage.Kind.INDEX : SealedMessage.Kind.SEGMENT,
                "hospital", "s-1", sequence, 3, 42L, sequence == 0 ? new byte[32] : new byte[0], new byte[] {1, 2, (byte) sequence},
                new byte[] {9}).encode());
        byte[] hash = new byte[32];
        hash[0] = (byte) sequence;
        return new ProviderEndpoint.Delivery(m, new Receipt(hash, "coalition/hospital", 7 + sequence,
                Instant.parse("2026-11-23T12:00:00.123456789Z")));
    }

    @Test
    void batchRoundTrips() {
        List<ProviderEndpoint.Delivery> batch = List.of(delivery(0), delivery(1), delivery(2));
        List<ProviderEndpoint.Delivery> back = Wire.batch(Wire.batch(batch), "provider hospital segments 0..2");
        assertThat(back).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(back.get(i).message().encode()).isEqualTo(batch.get(i).message().encode());
            assertThat(back.get(i).receipt()).isEqualTo(batch.get(i).receipt());
        }
    }

    @Test
    void malformedBatchesAreRefusedWithTheirMessage() {
        byte[] wire = Wire.batch(List.of(delivery(1), delivery(2)));
        String what = "provider hospital segments 1..2";
        assertThatThrownBy(() -> Wire.batch(Arrays.copyOf(wire, wire.length - 3), what))
                .isInstanceOf(TrustedMiningException.class)
                .hasMessage(what + ": truncated or malformed sealed batch (" + (wire.length - 3) + " bytes)");
        assertThatThrownBy(() -> Wire.batch(Arrays.copyOf(wire, wire.length + 2), what))
                .hasMessage(what + ": 2 bytes after the batch's 2 members");
        byte[] magic = wire.clone();
        magic[3] = '1';
        assertThatThrownBy(() -> Wire.batch(magic, what)).hasMessage(what + ": not a sealed batch (expected magic CTB2)");
        byte[] length = wire.clone();
        length[6] = 0x7f; // first member's u32 length
        assertThatThrownBy(() -> Wire.batch(length, what))
                .hasMessageStartingWith(what + ": member 1 of 2 claims 2130706" );
    }
}
