package io.coalition.trust.cas;

import io.coalition.trust.TrustException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileBlobStoreTest {
    @TempDir
    Path dir;

    @Test
    void storesAndReturnsVerifiedContent() {
        FileBlobStore store = new FileBlobStore(dir);
        byte[] content = "event log of the hospital".getBytes();
        Cid cid = store.put(content);
        assertThat(store.put(content)).isEqualTo(cid);
        assertThat(store.contains(cid)).isTrue();
        assertThat(store.get(cid)).hasValueSatisfying(b -> assertThat(b).isEqualTo(content));
        assertThat(store.get(Cid.of(new byte[] {9}))).isEmpty();
        assertThat(new FileBlobStore(dir).get(cid)).isPresent();
    }

    @Test
    void aFlippedByteIsRejected() throws Exception {
        FileBlobStore store = new FileBlobStore(dir);
        Cid cid = store.put("invoice 42".getBytes());
        Path file = store.path(cid);
        byte[] stored = Files.readAllBytes(file);
        stored[3] ^= 1;
        Files.write(file, stored);
        assertThatThrownBy(() -> store.get(cid))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("blob " + cid + " does not match its CID: the stored bytes were altered");
    }

    @Test
    void aBlobSwappedForAnotherIsRejected() throws Exception {
        FileBlobStore store = new FileBlobStore(dir);
        Cid a = store.put("a".getBytes());
        Cid b = store.put("b".getBytes());
        Files.copy(store.path(b), store.path(a), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> store.get(a)).isExactlyInstanceOf(TrustException.class);
        assertThat(store.get(b)).isPresent();
    }
}
