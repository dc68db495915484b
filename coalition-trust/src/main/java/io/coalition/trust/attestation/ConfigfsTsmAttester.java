package io.coalition.trust.attestation;

import io.coalition.trust.TrustException;
import io.coalition.trust.attestation.hw.SnpReport;
import io.coalition.trust.attestation.hw.TdxQuote;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * The {@code tdx} and {@code sev-snp} backends through Linux configfs-tsm (kernel 6.7+,
 * Documentation/ABI/testing/configfs-tsm): under a report directory ({@code /sys/kernel/config/tsm/report}) it
 * uses an entry (created with mkdir if absent), checks {@code provider} ({@code tdx_guest} or {@code sev_guest}),
 * reads {@code generation}, writes the report data to {@code inblob}, reads {@code outblob} (and for SEV-SNP
 * {@code auxblob}, the host's certificate table), reads {@code generation} again and requires exactly one
 * increment (otherwise another process wrote {@code inblob} in between and the outblob may answer its request),
 * then checks that the outblob carries exactly the report data written.
 *
 * <p>SEV-SNP endorsements: the auxblob certificate table (GHCB specification, "certificate table": 24-byte
 * entries of a GUID in RFC 4122 byte order, a little-endian offset and length, ended by an all-zero entry)
 * gives the VCEK (63da758d-e664-4564-adc5-f4b93be8accd) or VLEK (a8074bc2-a25a-483e-aae6-39c045a0b8a1) and the
 * ASK (4ab7b379-bbac-4fe4-a02f-05aef327c782); they become {@link Endorsement#SNP_VCEK} and {@link Endorsement#SNP_ASK}.
 */
public final class ConfigfsTsmAttester implements Attester {
    /** The configfs-tsm report directory of a Linux guest. */
    public static final Path DEFAULT_PATH = Path.of("/sys/kernel/config/tsm/report");

    /** The TEE behind configfs-tsm. */
    public enum Provider {
        TDX("tdx_guest", Evidence.TDX_QUOTE), SEV_SNP("sev_guest", Evidence.SEV_SNP_REPORT);

        private final String name;
        private final String mediaType;

        Provider(String name, String mediaType) {
            this.name = name;
            this.mediaType = mediaType;
        }

        /** The kernel's provider name. */
        public String providerName() {
            return name;
        }
    }

    static final String VCEK_GUID = "63da758de6644564adc5f4b93be8accd";
    static final String VLEK_GUID = "a8074bc2a25a483eaae639c045a0b8a1";
    static final String ASK_GUID = "4ab7b379bbac4fe4a02f05aef327c782";

    private final Path entry;
    private final Provider provider;
    /** Test seam: emulates the kernel's reaction to an inblob write in a plain directory. */
    private final Consumer<Path> kernel;

    /** An attester using entry {@code entryName} under {@code reportDir}, expecting {@code provider}. */
    public ConfigfsTsmAttester(Path reportDir, String entryName, Provider provider) {
        this(reportDir, entryName, provider, e -> { });
    }

    ConfigfsTsmAttester(Path reportDir, String entryName, Provider provider, Consumer<Path> kernel) {
        if (!entryName.matches("[A-Za-z0-9_.-]+") || entryName.startsWith(".")) {
            throw new TrustException("configfs-tsm: entry name '" + entryName + "' must be letters, digits, '_', '.', '-'");
        }
        this.entry = reportDir.resolve(entryName);
        this.provider = provider;
        this.kernel = kernel;
    }

    @Override
    public String mediaType() {
        return provider.mediaType;
    }

    @Override
    public synchronized Evidence attest(byte[] reportData) {
        if (reportData.length != 64) throw new TrustException("configfs-tsm: report data has " + reportData.length + " bytes, expected 64");
        try {
            Files.createDirectory(entry);
        } catch (FileAlreadyExistsException e) {
            // entries persist; the generation check below detects a concurrent user
        } catch (IOException e) {
            throw new TrustException("configfs-tsm: cannot create the report entry " + entry + " (is configfs mounted and "
                    + "the kernel built with CONFIG_TSM_REPORTS?): " + e, e);
        }
        String found = text("provider").trim();
        if (!found.equals(provider.name)) {
            throw new TrustException("configfs-tsm: " + entry.resolve("provider") + " is '" + found + "', expected '"
                    + provider.name + "'");
        }
        long before = generation();
        try {
            Files.write(entry.resolve("inblob"), reportData, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new TrustException("configfs-tsm: cannot write " + entry.resolve("inblob") + ": " + e, e);
        }
        kernel.accept(entry);
        byte[] out = bytes("outblob");
        byte[] aux = provider == Provider.SEV_SNP && Files.exists(entry.resolve("auxblob")) ? bytes("auxblob") : new byte[0];
        long after = generation();
        if (after != before + 1) {
            throw new TrustException("configfs-tsm: " + entry.resolve("generation") + " went from " + before + " to " + after
                    + ", expected " + (before + 1) + ": another process wrote inblob concurrently, so the outblob may not be ours");
        }
        byte[] carried;
        byte[] body;
        try {
            if (provider == Provider.TDX) {
                TdxQuote q = TdxQuote.parse(out);
                carried = q.reportData();
                body = q.encoded();
            } else {
                SnpReport r = SnpReport.parse(out);
                carried = r.reportData();
                body = r.encoded();
            }
        } catch (TrustException e) {
            throw new TrustException("configfs-tsm: " + entry.resolve("outblob") + ": " + e.getMessage(), e);
        }
        if (!MessageDigest.isEqual(carried, reportData)) {
            throw new TrustException("configfs-tsm: the outblob in " + entry + " carries report data "
                    + HexFormat.of().formatHex(carried) + ", not the report data written to inblob");
        }
        return new Evidence(provider.mediaType, body, aux.length == 0 ? List.of() : certificateTable(aux));
    }

    /** The VCEK/VLEK and ASK of an SEV-SNP certificate table; other entries (ARK, unknown GUIDs) are skipped. */
    static List<Endorsement> certificateTable(byte[] table) {
        List<Endorsement> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; ; at += 24) {
            if (at + 24 > table.length) {
                throw new TrustException("configfs-tsm auxblob: offset " + at + ": certificate table has no all-zero terminating entry");
            }
            byte[] guid = new byte[16];
            b.get(at, guid);
            long offset = Integer.toUnsignedLong(b.getInt(at + 16));
            long length = Integer.toUnsignedLong(b.getInt(at + 20));
            String g = HexFormat.of().formatHex(guid);
            if (g.equals("0".repeat(32)) && offset == 0 && length == 0) return out;
            if (offset + length > table.length || offset < at + 24) {
                throw new TrustException("configfs-tsm auxblob: offset " + at + ": entry " + g + " points to bytes " + offset
                        + ".." + (offset + length) + ", outside the table's " + table.length + " bytes");
            }
            byte[] cert = java.util.Arrays.copyOfRange(table, (int) offset, (int) (offset + length));
            switch (g) {
                case VCEK_GUID, VLEK_GUID -> out.add(new Endorsement(Endorsement.SNP_VCEK, cert));
                case ASK_GUID -> out.add(new Endorsement(Endorsement.SNP_ASK, cert));
                default -> { }
            }
        }
    }

    private long generation() {
        String g = text("generation").trim();
        try {
            return Long.parseLong(g);
        } catch (NumberFormatException e) {
            throw new TrustException("configfs-tsm: " + entry.resolve("generation") + " is '" + g + "', expected a number");
        }
    }

    private String text(String name) {
        return new String(bytes(name), StandardCharsets.US_ASCII);
    }

    private byte[] bytes(String name) {
        try {
            return Files.readAllBytes(entry.resolve(name));
        } catch (IOException e) {
            throw new TrustException("configfs-tsm: cannot read " + entry.resolve(name) + ": " + e, e);
        }
    }
}
