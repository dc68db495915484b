package io.coalition.trust.cas;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.coalition.trust.TrustException;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Cid#parse} on any string: a CID that prints back to the same text, or a {@link TrustException}. */
class CidFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void parse(byte[] input) {
        String text = new String(input, java.nio.charset.StandardCharsets.UTF_8);
        Cid cid;
        try {
            cid = Cid.parse(text);
        } catch (TrustException expected) {
            return;
        }
        assertThat(cid.digest()).hasSize(32);
        assertThat(Cid.parse(cid.toString())).isEqualTo(cid);
        assertThat(cid.toString()).isEqualTo(text);
    }
}
