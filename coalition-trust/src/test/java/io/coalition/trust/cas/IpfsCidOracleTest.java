package io.coalition.trust.cas;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.coalition.trust.RequiredBackend;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's {@code ipfs_cid} (package ipfs-cid) as an independent oracle for our CID encoding. The tool computes the
 * CID of {@code ipfs add} without raw leaves: a UnixFS file node in dag-pb. For a blob of one chunk (up to 256 KiB)
 * that node is small enough to build here, so the oracle checks our multihash, CIDv1 framing and base32 multibase
 * (the parts a raw CID shares with it) on blobs of many sizes.
 */
class IpfsCidOracleTest {
    private static final String TOOL = "ipfs_cid";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} bytes, seed 11")
    @ValueSource(ints = {0, 1, 11, 127, 128, 1000, 65_536, 262_144})
    void ourCidEncodingMatchesIpfsCid(int size) throws Exception {
        Path tool = findTool();
        RequiredBackend.require(tool != null, TOOL + " is not on PATH (apt-get install ipfs-cid)");
        byte[] content = new byte[size];
        new Random(11).nextBytes(content);
        Path file = dir.resolve("blob-" + size);
        Files.write(file, content);

        Process p = new ProcessBuilder(tool.toString(), file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        String oracle = new ObjectMapper().readTree(out).get("CIDv1").asText();

        assertThat(dagPbCid(unixFsFileNode(content))).isEqualTo(oracle);
    }

    /** CIDv1, dag-pb codec (0x70), sha2-256, base32: the same framing as {@link Cid#toString()} with another codec. */
    private static String dagPbCid(byte[] node) {
        byte[] bytes = new byte[36];
        bytes[0] = 0x01;
        bytes[1] = 0x70;
        bytes[2] = 0x12;
        bytes[3] = 0x20;
        System.arraycopy(Cid.sha256(node), 0, bytes, 4, 32);
        return "b" + Cid.encodeBase32(bytes);
    }

    /** PBNode{Data: UnixFS Data{Type: File, Data: content, filesize}} with no links (one chunk). */
    private static byte[] unixFsFileNode(byte[] content) {
        ByteArrayOutputStream unixfs = new ByteArrayOutputStream();
        unixfs.write(0x08);
        unixfs.write(0x02);
        if (content.length > 0) {
            unixfs.write(0x12);
            varint(unixfs, content.length);
            unixfs.writeBytes(content);
        }
        unixfs.write(0x18);
        varint(unixfs, content.length);
        ByteArrayOutputStream node = new ByteArrayOutputStream();
        node.write(0x0a);
        varint(node, unixfs.size());
        node.writeBytes(unixfs.toByteArray());
        return node.toByteArray();
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static Path findTool() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(d, TOOL);
            if (Files.isExecutable(candidate)) return candidate;
        }
        return null;
    }
}
