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

    private static java.util.List<byte[]> blobs(int n, String prefix) {
        java.util.List<byte[]> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add((prefix + " record " + i).getBytes());
        }
        return out;
    }

    @Test
    void putAll_fewBlobs_aBlobThatCannotBeWritten_failsTheCallNamingIt_afterTheOthersAreStored() throws Exception {
        FileBlobStore store = new FileBlobStore(dir);
        java.util.List<byte[]> blobs = blobs(FileBlobStore.PACK_FROM - 1, "loose");
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
    void putAll_manyBlobs_oneFileForAll_readBackByThisStoreAnotherAndAReopenedOne() throws Exception {
        FileBlobStore store = new FileBlobStore(dir);
        FileBlobStore replica = new FileBlobStore(dir); // opened before the pack exists
        Cid loose = store.put("stored alone".getBytes());
        java.util.List<byte[]> blobs = blobs(40, "packed");
        blobs.add("stored alone".getBytes()); // already stored: not packed again
        java.util.List<Cid> cids = store.putAll(blobs);
        assertThat(cids.get(40)).isEqualTo(loose);
        try (var packs = Files.list(dir.resolve("packs"))) {
            java.util.List<Path> files = packs.toList();
            assertThat(files).singleElement().satisfies(f -> {
                assertThat(f.getFileName().toString()).endsWith(".pack");
                // the magic, then per blob digest, length and bytes
                long expected = 4;
                for (int i = 0; i < 40; i++) {
                    expected += 32 + 4 + blobs.get(i).length;
                }
                assertThat(Files.size(f)).isEqualTo(expected);
            });
        }
        for (FileBlobStore s : java.util.List.of(store, replica, new FileBlobStore(dir))) {
            for (int i = 0; i < blobs.size(); i++) {
                byte[] expected = blobs.get(i);
                assertThat(s.contains(cids.get(i))).isTrue();
                assertThat(s.get(cids.get(i))).hasValueSatisfying(b -> assertThat(b).isEqualTo(expected));
            }
        }
        assertThat(replica.get(Cid.of("never stored".getBytes()))).isEmpty();
    }

    @Test
    void putAll_moreThanAPackHolds_isSplitIntoSeveralPacks() throws Exception {
        FileBlobStore store = new FileBlobStore(dir);
        java.util.List<byte[]> blobs = new java.util.ArrayList<>();
        java.util.Random r = new java.util.Random(5);
        int each = (int) (FileBlobStore.PACK_MAX_BYTES / 6); // 5 per pack (with the headers), 20 blobs: 4 packs
        for (int i = 0; i < 20; i++) {
            byte[] b = new byte[each];
            r.nextBytes(b);
            blobs.add(b);
        }
        java.util.List<Cid> cids = store.putAll(blobs);
        try (var packs = Files.list(dir.resolve("packs"))) {
            assertThat(packs.toList()).hasSize(4).allSatisfy(f ->
                    assertThat(Files.size(f)).isLessThanOrEqualTo(FileBlobStore.PACK_MAX_BYTES));
        }
        FileBlobStore reopened = new FileBlobStore(dir);
        for (int i = 0; i < blobs.size(); i++) {
            byte[] expected = blobs.get(i);
            assertThat(reopened.get(cids.get(i))).hasValueSatisfying(b -> assertThat(b).isEqualTo(expected));
        }
    }

    @Test
    void putAll_manyBlobs_packThatCannotBeWritten_failsNamingIt_andNothingIsStored() throws Exception {
        FileBlobStore store = new FileBlobStore(dir);
        Files.writeString(dir.resolve("packs"), "not a folder");
        java.util.List<byte[]> blobs = blobs(FileBlobStore.PACK_FROM, "blocked");
        assertThatThrownBy(() -> store.putAll(blobs))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessageStartingWith("cannot store " + FileBlobStore.PACK_FROM + " blobs in pack " + dir.resolve("packs"));
        for (byte[] b : blobs) {
            assertThat(store.contains(Cid.of(b))).isFalse();
        }
    }

    @Test
    void aPackedBlobAlteredOnDisk_isRejected_aPackCutShortIsRefusedOnOpening() throws Exception {
        FileBlobStore store = new FileBlobStore(dir);
        java.util.List<byte[]> blobs = blobs(FileBlobStore.PACK_FROM, "altered");
        java.util.List<Cid> cids = store.putAll(blobs);
        Path pack;
        try (var packs = Files.list(dir.resolve("packs"))) {
            pack = packs.findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(pack);
        bytes[4 + 32 + 4] ^= 1; // the first byte of the first blob
        Files.write(pack, bytes);
        assertThatThrownBy(() -> store.get(cids.get(0)))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("blob " + cids.get(0) + " does not match its CID: the stored bytes were altered");
        assertThat(store.get(cids.get(1))).isPresent();
        Files.write(pack, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        assertThatThrownBy(() -> new FileBlobStore(dir))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessageMatching("blob pack .*\\.pack: entry at byte \\d+ claims \\d+ bytes, \\d+ left");
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
