package io.coalition.trust.notary;

import io.coalition.trust.TrustException;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Merkle tree of RFC 9162 (Certificate Transparency 2.0), section 2.1: tree heads, inclusion proofs and
 * consistency proofs over a list of leaf hashes, and their verification as the RFC's algorithms state them.
 * Leaves and nodes are hashed with distinct prefixes (0x00, 0x01), so a node can never pass for a leaf.
 */
public final class MerkleTree {
    private MerkleTree() {
    }

    /** SHA-256(0x00 || entry): the hash of a leaf. */
    public static byte[] leafHash(byte[] entry) {
        MessageDigest d = sha256();
        d.update((byte) 0);
        d.update(entry);
        return d.digest();
    }

    static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest d = sha256();
        d.update((byte) 1);
        d.update(left);
        d.update(right);
        return d.digest();
    }

    /** MTH(D[from:to]) over leaf hashes. */
    public static byte[] root(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 0) return sha256().digest();
        if (n == 1) return leaves.get(from);
        int k = largestPowerOfTwoBelow(n);
        return nodeHash(root(leaves, from, from + k), root(leaves, from + k, to));
    }

    /** PATH(m, D[0:n]): the audit path of leaf {@code m} in the tree of the first {@code n} leaves. */
    public static List<byte[]> inclusionProof(List<byte[]> leaves, int m, int n) {
        if (m < 0 || m >= n || n > leaves.size()) {
            throw new IllegalArgumentException("no leaf " + m + " in a tree of " + n);
        }
        List<byte[]> proof = new ArrayList<>();
        path(leaves, m, 0, n, proof);
        return proof;
    }

    private static void path(List<byte[]> leaves, int m, int from, int to, List<byte[]> proof) {
        int n = to - from;
        if (n == 1) return;
        int k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(leaves, m, from, from + k, proof);
            proof.add(root(leaves, from + k, to));
        } else {
            path(leaves, m - k, from + k, to, proof);
            proof.add(root(leaves, from, from + k));
        }
    }

    /** PROOF(m, D[0:n]): that the tree of the first {@code m} leaves is a prefix of the tree of {@code n}. */
    public static List<byte[]> consistencyProof(List<byte[]> leaves, int m, int n) {
        if (m <= 0 || m > n || n > leaves.size()) {
            throw new IllegalArgumentException("no consistency proof from size " + m + " to " + n);
        }
        List<byte[]> proof = new ArrayList<>();
        subproof(leaves, m, 0, n, true, proof);
        return proof;
    }

    private static void subproof(List<byte[]> leaves, int m, int from, int to, boolean complete, List<byte[]> proof) {
        int n = to - from;
        if (m == n) {
            if (!complete) proof.add(root(leaves, from, to));
            return;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(leaves, m, from, from + k, complete, proof);
            proof.add(root(leaves, from + k, to));
        } else {
            subproof(leaves, m - k, from + k, to, false, proof);
            proof.add(root(leaves, from, from + k));
        }
    }

    /** RFC 9162 2.1.3.2; {@link TrustException} when the leaf is not in the tree with this root. */
    public static void verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] root) {
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new TrustException("inclusion proof: leaf " + leafIndex + " is outside a tree of size " + treeSize);
        }
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) throw new TrustException("inclusion proof: longer than the tree is deep");
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) throw new TrustException("inclusion proof: shorter than the tree is deep");
        if (!MessageDigest.isEqual(r, root)) {
            throw new TrustException("inclusion proof: the computed root does not match the tree head");
        }
    }

    /** RFC 9162 2.1.4.2; {@link TrustException} when the second tree does not extend the first. */
    public static void verifyConsistency(long firstSize, long secondSize, byte[] firstRoot, byte[] secondRoot,
                                         List<byte[]> proof) {
        if (firstSize <= 0 || firstSize > secondSize) {
            throw new TrustException("consistency proof: sizes " + firstSize + " and " + secondSize + " cannot be consistent");
        }
        if (firstSize == secondSize) {
            if (!proof.isEmpty()) throw new TrustException("consistency proof: must be empty for equal sizes");
            if (!MessageDigest.isEqual(firstRoot, secondRoot)) {
                throw new TrustException("consistency proof: equal sizes with different roots");
            }
            return;
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(firstSize) == 1) path.add(0, firstRoot);
        if (path.isEmpty()) throw new TrustException("consistency proof: empty");
        long fn = firstSize - 1;
        long sn = secondSize - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) throw new TrustException("consistency proof: longer than the trees are deep");
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) throw new TrustException("consistency proof: shorter than the trees are deep");
        if (!MessageDigest.isEqual(fr, firstRoot)) {
            throw new TrustException("consistency proof: does not lead to the first tree head");
        }
        if (!MessageDigest.isEqual(sr, secondRoot)) {
            throw new TrustException("consistency proof: does not lead to the second tree head");
        }
    }

    static int largestPowerOfTwoBelow(int n) {
        return Integer.highestOneBit(n - 1);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
