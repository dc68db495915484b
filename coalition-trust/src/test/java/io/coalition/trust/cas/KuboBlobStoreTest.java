package io.coalition.trust.cas;

import io.coalition.trust.TrustException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KuboBlobStoreTest extends BlobStoreContract {
    private final FakeKubo kubo;

    KuboBlobStoreTest() throws Exception {
        kubo = new FakeKubo();
    }

    @AfterEach
    void stop() {
        kubo.close();
    }

    @Override
    BlobStore store() {
        return new KuboBlobStore(kubo.api());
    }

    @Test
    void aNodeReturningAlteredBytesIsCaught() {
        BlobStore store = store();
        Cid cid = store.put("discharge letter".getBytes(StandardCharsets.UTF_8));
        kubo.lie = FakeKubo.Lie.FLIP_BYTE_ON_GET;
        byte[] flipped = "discharge letter".getBytes(StandardCharsets.UTF_8);
        flipped[8] ^= 0x01;
        assertThatThrownBy(() -> store.get(cid))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("Kubo " + kubo.api() + ": block " + cid + " does not match its CID: the node returned 16"
                        + " bytes that hash to " + Cid.of(flipped));
    }

    @Test
    void aBlockSwappedInTheNodesDatastoreIsCaught() {
        BlobStore store = store();
        Cid cid = store.put("claim 7".getBytes(StandardCharsets.UTF_8));
        kubo.corrupt(cid.toString(), "claim 8".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.get(cid))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("Kubo " + kubo.api() + ": block " + cid + " does not match its CID: the node returned 7"
                        + " bytes that hash to " + Cid.of("claim 8".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aNodeAnsweringAnotherCidOnAddIsCaught() {
        kubo.lie = FakeKubo.Lie.WRONG_CID_ON_ADD;
        byte[] content = "x".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> store().put(content))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("Kubo " + kubo.api() + ": add answered CID " + Cid.of(Arrays.copyOf(content, 2))
                        + " but the blob's CID is " + Cid.of(content)
                        + ": the node did not store it as one raw sha2-256 block");
    }

    @Test
    void aNodeErrorIsReportedWithKubosMessage() {
        kubo.lie = FakeKubo.Lie.FAIL_ADD;
        byte[] content = "y".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> store().put(content))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("Kubo " + kubo.api() + ": add of " + Cid.of(content)
                        + " failed with HTTP 500: failed to get block: repo is read-only");
    }

    @Test
    void theLargestSingleBlockIsStoredAndOneByteMoreIsRefused() {
        BlobStore store = store();
        byte[] largest = new byte[KuboBlobStore.MAX_BLOB];
        Arrays.fill(largest, (byte) 7);
        Cid cid = store.put(largest);
        assertThat(store.get(cid)).hasValueSatisfying(b -> assertThat(b).isEqualTo(largest));
        assertThatThrownBy(() -> store.put(new byte[KuboBlobStore.MAX_BLOB + 1]))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("Kubo " + kubo.api() + ": blob of 1048577 bytes is larger than 1048576 bytes,"
                        + " the largest single raw block");
    }

    @Test
    void anUnreachableNodeIsNamed() throws Exception {
        URI dead;
        try (FakeKubo other = new FakeKubo()) {
            dead = other.api();
        }
        Cid cid = Cid.of(new byte[] {1});
        assertThatThrownBy(() -> new KuboBlobStore(dead).get(cid))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessageStartingWith("Kubo " + dead + ": /api/v0/block/get?arg=" + cid + "&offline=true failed: ");
    }

    @Test
    void fakeKuboRefusesGetLikeKubo() throws Exception {
        // the stand-in keeps Kubo's rule that the RPC API is POST only, so the client cannot drift to GET
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(kubo.api() + "/api/v0/block/stat?arg=x&offline=true")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(405);
    }
}
