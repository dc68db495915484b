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
    void putAll_aBlobThatCannotBeWritten_failsTheCallNamingIt_afterTheOthersAreStored() throws Exception {
        FileBlobStore store = new FileBlobStore(dir);
        java.util.List<byte[]> blobs = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            blobs.add(("record " + i).getBytes());
        }
        Cid blocked = Cid.of(blobs.get(7));
        // where blob 7's folder would go stands a file: its put cannot create the folder
        Files.writeString(store.path(blocked).getParent(), "not a folder");
        assertThatThrownBy(() -> store.putAll(blobs))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessageStartingWith("cannot store blob " + blocked + ": ");
        for (int i = 0; i < blobs.size(); i++) {
            Cid cid = Cid.of(blobs.get(i));
            if (!store.path(cid).getParent().equals(store.path(blocked).getParent())) {
                assertThat(store.contains(cid)).as("blob %d", i).isTrue();
            }
        }
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
