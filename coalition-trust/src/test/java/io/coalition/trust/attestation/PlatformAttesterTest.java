package io.coalition.trust.attestation;

import io.coalition.trust.attestation.hw.AmdProduct;
import io.coalition.trust.attestation.hw.SnpReport;
import io.coalition.trust.attestation.hw.TdxQuote;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import static io.coalition.trust.attestation.Recorded.at;
import static io.coalition.trust.attestation.Recorded.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The file-protocol backends against emulated directories: Gramine's /dev/attestation and Linux configfs-tsm,
 * answering with real recorded quotes and reports.
 */
class PlatformAttesterTest {
    @TempDir
    Path dir;

    Path gramine(String type) throws IOException {
        Files.writeString(dir.resolve("attestation_type"), type);
        Files.write(dir.resolve("user_report_data"), new byte[0]);
        Files.write(dir.resolve("quote"), bytes("sgx/phala-sgx-v3.quote.bin"));
        return dir;
    }

    static byte[] helloWorld() {
        return Arrays.copyOf("Hello, world!".getBytes(), 64);
    }

    @Test
    void gramine_writesUserReportDataAndReturnsTheQuote() throws IOException {
        Evidence e = new GramineSgxAttester(gramine("dcap\n")).attest(helloWorld());
        assertThat(Files.readAllBytes(dir.resolve("user_report_data"))).isEqualTo(helloWorld());
        assertThat(e.mediaType()).isEqualTo(Evidence.SGX_DCAP_QUOTE);
        Claims c = DcapEvidenceVerifier.sgx(Recorded.intelRoot(), at(HardwareEvidenceTest.PHALA_SGX_CLOCK)).appraise(e);
        assertThat(c.measurementHex()).isEqualTo(HardwareEvidenceTest.PHALA_MRENCLAVE);
    }

    @Test
    void gramine_quoteWithOtherReportData_fails() throws IOException {
        Path base = gramine("dcap");
        byte[] other = new byte[64];
        assertThatThrownBy(() -> new GramineSgxAttester(base).attest(other))
                .hasMessage("gramine-sgx: the quote in " + base.resolve("quote") + " carries report data "
                        + HexFormat.of().formatHex(helloWorld()) + ", not the report data written to " + base.resolve("user_report_data"));
    }

    @Test
    void gramine_withoutAttestationFiles_orWithEpid_fails() throws IOException {
        assertThatThrownBy(() -> new GramineSgxAttester(dir).attest(helloWorld()))
                .hasMessage("gramine-sgx: " + dir.resolve("attestation_type") + " does not exist: not running inside a Gramine "
                        + "SGX enclave with remote attestation enabled (sgx.remote_attestation = \"dcap\")");
        Path base = gramine("epid");
        assertThatThrownBy(() -> new GramineSgxAttester(base).attest(helloWorld()))
                .hasMessage("gramine-sgx: " + base.resolve("attestation_type") + " says 'epid', expected 'dcap' "
                        + "(set sgx.remote_attestation = \"dcap\" in the manifest)");
    }

    /** Emulates the kernel side of configfs-tsm: answers an inblob write with a recorded outblob. */
    static Consumer<Path> kernel(byte[] outblob, byte[] auxblob, int generationStep) {
        return entry -> {
            try {
                long g = Long.parseLong(Files.readString(entry.resolve("generation")).trim());
                Files.writeString(entry.resolve("generation"), (g + generationStep) + "\n");
                Files.write(entry.resolve("outblob"), outblob);
                if (auxblob != null) Files.write(entry.resolve("auxblob"), auxblob);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    Path tsmEntry(String provider) throws IOException {
        Path entry = Files.createDirectories(dir.resolve("report").resolve("coalition"));
        Files.writeString(entry.resolve("provider"), provider + "\n");
        Files.writeString(entry.resolve("generation"), "4\n");
        Files.write(entry.resolve("inblob"), new byte[0]);
        return entry;
    }

    @Test
    void configfsTdx_returnsTheQuoteForTheInblob() throws IOException {
        Path entry = tsmEntry("tdx_guest");
        byte[] quote = bytes("tdx/phala-tdx-v4.quote.bin");
        byte[] rd = TdxQuote.parse(quote).reportData();
        Evidence e = new ConfigfsTsmAttester(dir.resolve("report"), "coalition", ConfigfsTsmAttester.Provider.TDX,
                kernel(quote, null, 1)).attest(rd);
        assertThat(Files.readAllBytes(entry.resolve("inblob"))).isEqualTo(rd);
        assertThat(Files.readString(entry.resolve("generation")).trim()).isEqualTo("5");
        Claims c = DcapEvidenceVerifier.tdx(Recorded.intelRoot(), at("2025-07-19T10:00:34Z")).appraise(e);
        assertThat(c.reportData()).isEqualTo(rd);
    }

    @Test
    void configfs_concurrentWriter_isDetectedByGeneration() throws IOException {
        Path entry = tsmEntry("tdx_guest");
        byte[] quote = bytes("tdx/phala-tdx-v4.quote.bin");
        byte[] rd = TdxQuote.parse(quote).reportData();
        assertThatThrownBy(() -> new ConfigfsTsmAttester(dir.resolve("report"), "coalition", ConfigfsTsmAttester.Provider.TDX,
                kernel(quote, null, 2)).attest(rd))
                .hasMessage("configfs-tsm: " + entry.resolve("generation") + " went from 4 to 6, expected 5: another process "
                        + "wrote inblob concurrently, so the outblob may not be ours");
    }

    @Test
    void configfs_outblobForOtherReportData_fails() throws IOException {
        Path entry = tsmEntry("tdx_guest");
        byte[] quote = bytes("tdx/phala-tdx-v4.quote.bin");
        byte[] rd = new byte[64];
        assertThatThrownBy(() -> new ConfigfsTsmAttester(dir.resolve("report"), "coalition", ConfigfsTsmAttester.Provider.TDX,
                kernel(quote, null, 1)).attest(rd))
                .hasMessage("configfs-tsm: the outblob in " + entry + " carries report data "
                        + HexFormat.of().formatHex(TdxQuote.parse(quote).reportData()) + ", not the report data written to inblob");
    }

    @Test
    void configfs_wrongProvider_fails() throws IOException {
        Path entry = tsmEntry("sev_guest");
        assertThatThrownBy(() -> new ConfigfsTsmAttester(dir.resolve("report"), "coalition", ConfigfsTsmAttester.Provider.TDX)
                .attest(new byte[64]))
                .hasMessage("configfs-tsm: " + entry.resolve("provider") + " is 'sev_guest', expected 'tdx_guest'");
    }

    static byte[] certificateTable(byte[] vcek, byte[] ask) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int header = 3 * 24;
        ByteBuffer b = ByteBuffer.allocate(header).order(ByteOrder.LITTLE_ENDIAN);
        b.put(HexFormat.of().parseHex(ConfigfsTsmAttester.VCEK_GUID)).putInt(header).putInt(vcek.length);
        b.put(HexFormat.of().parseHex(ConfigfsTsmAttester.ASK_GUID)).putInt(header + vcek.length).putInt(ask.length);
        out.writeBytes(b.array());
        out.writeBytes(vcek);
        out.writeBytes(ask);
        return out.toByteArray();
    }

    @Test
    void configfsSnp_readsTheReportAndItsCertificateTable() throws Exception {
        tsmEntry("sev_guest");
        byte[] report = bytes("sev-snp/teekit-gcp-milan-v5-x25519.report.bin");
        List<X509Certificate> chain = Recorded.certificates("sev-snp/amd-milan.ask-ark.pem");
        byte[] vcek = Recorded.certificates("sev-snp/teekit-gcp-milan-v5-x25519.vcek.pem").get(0).getEncoded();
        byte[] rd = SnpReport.parse(report).reportData();
        Evidence e = new ConfigfsTsmAttester(dir.resolve("report"), "coalition", ConfigfsTsmAttester.Provider.SEV_SNP,
                kernel(report, certificateTable(vcek, chain.get(0).getEncoded()), 1)).attest(rd);
        assertThat(e.endorsements()).extracting(Endorsement::mediaType).containsExactly(Endorsement.SNP_VCEK, Endorsement.SNP_ASK);
        // no ASK configured: the one from the host's certificate table is used
        Claims c = new SnpEvidenceVerifier(AmdProduct.MILAN, chain.get(1), Optional.empty(), at("2026-01-01T00:00:00Z")).appraise(e);
        assertThat(c.measurementHex()).startsWith("b747d554");
        assertThat(c.reportData()).isEqualTo(rd);
    }

    @Test
    void certificateTable_pointingOutside_fails() {
        byte[] t = certificateTable(new byte[10], new byte[10]);
        ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN).putInt(20, 1000);
        assertThatThrownBy(() -> ConfigfsTsmAttester.certificateTable(t))
                .hasMessage("configfs-tsm auxblob: offset 0: entry " + ConfigfsTsmAttester.VCEK_GUID
                        + " points to bytes 72..1072, outside the table's 92 bytes");
    }
}
