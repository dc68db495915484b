package io.coalition.trust.cas;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.coalition.trust.TrustException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    /** The fuzzer's finding (kept in CidFuzzTestInputs/parse/crash-noncanonical-padding-bits). */
    @Test
    void parse_nonZeroPaddingBits_fails() {
        assertThat(Cid.parse("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wofofeim")).isNotNull();
        assertThatThrownBy(() -> Cid.parse("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wofofein"))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("CID 'bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wofofein': "
                        + "non-zero padding bits in the last character (not canonical base32)");
    }
}
