package io.coalition.trust.cas;

import io.coalition.trust.TrustException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CidTest {
    @Test
    void knownAnswers() {
        // the CIDs Kubo gives for 'hello world' and the empty file with --cid-version 1 --raw-leaves
        assertThat(Cid.of("hello world".getBytes(StandardCharsets.UTF_8)))
                .hasToString("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");
        assertThat(Cid.of(new byte[0])).hasToString("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
    }

    @Test
    void parsesWhatItPrints() {
        Cid cid = Cid.of(new byte[] {1, 2, 3});
        assertThat(Cid.parse(cid.toString())).isEqualTo(cid);
        assertThat(cid.matches(new byte[] {1, 2, 3})).isTrue();
        assertThat(cid.matches(new byte[] {1, 2, 4})).isFalse();
    }

    @Test
    void rejectsWhatIsNotARawSha256CidV1() {
        assertThatThrownBy(() -> Cid.parse("QmUtxsvyNojkUnsox81MH4SinkaoxfBCVfpCYwyMPsDioT"))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("CID 'QmUtxsvyNojkUnsox81MH4SinkaoxfBCVfpCYwyMPsDioT': expected base32 multibase (prefix 'b')");
        assertThatThrownBy(() -> Cid.parse("bafybeidbnvagxviahltai7a6x3ac4vpxh73o44cnsbtk7tjmugsugy2rbi"))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("CID 'bafybeidbnvagxviahltai7a6x3ac4vpxh73o44cnsbtk7tjmugsugy2rbi': expected the raw codec (0x55), got 0x70");
        assertThatThrownBy(() -> Cid.parse("bafkrei1"))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("CID 'bafkrei1': '1' at 7 is not base32");
        assertThatThrownBy(() -> Cid.parse("bafkrei"))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("CID 'bafkrei': expected 36 bytes, got 3");
    }
}
