package io.coalition.trust.notary;

import io.coalition.trust.TrustException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MerkleTreeTest {
    /** The leaves of Certificate Transparency's reference test tree. */
    static final byte[][] LEAVES = {{}, {0x00}, {0x10}, {0x20, 0x21}, {0x30, 0x31}, {0x40, 0x41, 0x42, 0x43},
            {0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57},
            {0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f}};
    /** Their tree heads for sizes 1..8 (CT's test vectors; recomputed independently in Python). */
    static final String[] ROOTS = {
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

    static List<byte[]> leafHashes(int n) {
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < n; i++) hashes.add(MerkleTree.leafHash(i < LEAVES.length ? LEAVES[i] : new byte[] {(byte) i, 7}));
        return hashes;
    }

    @Test
    void treeHeadsMatchTheReferenceVectors() {
        List<byte[]> leaves = leafHashes(8);
        for (int n = 1; n <= 8; n++) {
            assertThat(HexFormat.of().formatHex(MerkleTree.root(leaves, 0, n))).as("size " + n).isEqualTo(ROOTS[n - 1]);
        }
        assertThat(HexFormat.of().formatHex(MerkleTree.root(leaves, 0, 0)))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void everyInclusionAndConsistencyProofVerifiesUpTo40Leaves() {
        List<byte[]> leaves = leafHashes(40);
        for (int n = 1; n <= 40; n++) {
            byte[] root = MerkleTree.root(leaves, 0, n);
            for (int m = 0; m < n; m++) {
                MerkleTree.verifyInclusion(m, n, leaves.get(m), MerkleTree.inclusionProof(leaves, m, n), root);
            }
            for (int m = 1; m <= n; m++) {
                MerkleTree.verifyConsistency(m, n, MerkleTree.root(leaves, 0, m), root,
                        MerkleTree.consistencyProof(leaves, m, n));
            }
        }
    }

    @Test
    void tamperedProofsFail() {
        List<byte[]> leaves = leafHashes(13);
        byte[] root = MerkleTree.root(leaves, 0, 13);
        List<byte[]> proof = MerkleTree.inclusionProof(leaves, 5, 13);
        List<byte[]> flipped = new ArrayList<>(proof);
        byte[] first = flipped.get(0).clone();
        first[0] ^= 1;
        flipped.set(0, first);
        assertThatThrownBy(() -> MerkleTree.verifyInclusion(5, 13, leaves.get(5), flipped, root))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("inclusion proof: the computed root does not match the tree head");
        assertThatThrownBy(() -> MerkleTree.verifyInclusion(6, 13, leaves.get(5), proof, root))
                .isExactlyInstanceOf(TrustException.class);
        assertThatThrownBy(() -> MerkleTree.verifyInclusion(5, 13, leaves.get(5), proof.subList(0, proof.size() - 1), root))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("inclusion proof: shorter than the tree is deep");
        assertThatThrownBy(() -> MerkleTree.verifyInclusion(13, 13, leaves.get(5), proof, root))
                .hasMessage("inclusion proof: leaf 13 is outside a tree of size 13");

        // a rewritten history: the second tree does not extend the first
        List<byte[]> forked = new ArrayList<>(leaves);
        forked.set(2, MerkleTree.leafHash(new byte[] {42}));
        byte[] oldRoot = MerkleTree.root(leaves, 0, 7);
        byte[] forkedRoot = MerkleTree.root(forked, 0, 13);
        assertThatThrownBy(() -> MerkleTree.verifyConsistency(7, 13, oldRoot, forkedRoot,
                MerkleTree.consistencyProof(forked, 7, 13)))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("consistency proof: does not lead to the first tree head");
    }
}
