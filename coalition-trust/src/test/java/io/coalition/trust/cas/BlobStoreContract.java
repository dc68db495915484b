package io.coalition.trust.cas;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link BlobStore} does, the embedded default and each real backend alike. */
abstract class BlobStoreContract {

    /** A fresh, empty store. */
    abstract BlobStore store() throws Exception;

    @Test
    void putReturnsKubosCidForHelloWorld() throws Exception {
        // `ipfs add --cid-version 1 --raw-leaves` of the 11 bytes "hello world"
        assertThat(store().put("hello world".getBytes(StandardCharsets.US_ASCII)))
                .hasToString("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");
    }

    @Test
    void storedBlobComesBackVerified() throws Exception {
        BlobStore store = store();
        byte[] content = new byte[70_000];
        new Random(4).nextBytes(content);
        Cid cid = store.put(content);
        assertThat(cid).isEqualTo(Cid.of(content));
        assertThat(store.put(content)).isEqualTo(cid);
        assertThat(store.contains(cid)).isTrue();
        assertThat(store.get(cid)).hasValueSatisfying(b -> assertThat(b).isEqualTo(content));
    }

    @Test
    void emptyBlobIsStored() throws Exception {
        BlobStore store = store();
        Cid cid = store.put(new byte[0]);
        assertThat(cid).hasToString("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
        assertThat(store.get(cid)).hasValueSatisfying(b -> assertThat(b).isEmpty());
    }

    @Test
    void putAllStoresEveryBlob_cidsInOrder_repeatsOnce() throws Exception {
        BlobStore store = store();
        java.util.List<byte[]> blobs = new java.util.ArrayList<>();
        Random r = new Random(11);
        for (int i = 0; i < 60; i++) {
            byte[] b = new byte[50 + r.nextInt(400)];
            r.nextBytes(b);
            blobs.add(b);
        }
        blobs.add(blobs.get(3).clone()); // the same content again: the same CID
        java.util.List<Cid> cids = store.putAll(blobs);
        assertThat(cids).hasSize(61);
        for (int i = 0; i < blobs.size(); i++) {
            assertThat(cids.get(i)).isEqualTo(Cid.of(blobs.get(i)));
            byte[] expected = blobs.get(i);
            assertThat(store.get(cids.get(i))).hasValueSatisfying(b -> assertThat(b).isEqualTo(expected));
        }
        assertThat(cids.get(60)).isEqualTo(cids.get(3));
        assertThat(store.putAll(java.util.List.of())).isEmpty();
    }

    @Test
    void unknownBlobIsAbsent() throws Exception {
        BlobStore store = store();
        Cid unknown = Cid.of("never stored".getBytes(StandardCharsets.UTF_8));
        assertThat(store.contains(unknown)).isFalse();
        assertThat(store.get(unknown)).isEmpty();
    }
}
