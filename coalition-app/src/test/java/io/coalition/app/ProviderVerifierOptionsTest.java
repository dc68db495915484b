package io.coalition.app;

import io.coalition.eventlog.TestData;
import io.coalition.trust.attestation.AttestationException;
import io.coalition.trust.attestation.Claims;
import io.coalition.trust.attestation.Evidence;
import io.coalition.trust.attestation.EvidenceVerifier;
import io.coalition.trust.attestation.ReferenceValues;
import io.coalition.trust.attestation.ReportData;
import io.coalition.trust.attestation.SimulatedAttester;
import io.coalition.trust.attestation.Verifier;
import io.coalition.trust.pki.Enrollment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code provider serve --verifier sim|sgx|tdx|snp}: each selects coalition-trust's verifier for its evidence,
 * needs its own collateral option, and refuses simulated evidence with its exact error. Hardware evidence cannot be
 * produced here; the SGX verifier is shown to verify a real recorded quote (../shared/data/attestation, its fixed clock).
 */
class ProviderVerifierOptionsTest {
    /** automata-sgx-v3's clock, inside its collateral window (data README). */
    static final Clock SGX_CLOCK = Clock.fixed(Instant.ofEpochSecond(1739419232), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private static Evidence simulatedEvidence(byte[] reportData) {
        SimulatedAttester a = new SimulatedAttester(Enrollment.newKeyPair(),
                new SimulatedAttester.Identity(new byte[32], new byte[32], 1, 1, false));
        return a.attest(reportData);
    }

    /** What a provider's verifier says to simulated evidence bound to a fresh nonce. */
    private static void assertRefusesSimulatedEvidence(EvidenceVerifier v, String accepted) {
        Verifier verifier = Verifier.builder().add(v).clock(SGX_CLOCK).build();
        byte[] nonce = verifier.nonce();
        ReportData rd = ReportData.of(nonce, Enrollment.newKeyPair().getPublic(), new byte[32]);
        assertThatThrownBy(() -> verifier.verify(simulatedEvidence(rd.bytes()), rd, ReferenceValues.of(new byte[32])))
                .isExactlyInstanceOf(AttestationException.class)
                .hasMessage("EVIDENCE: no verifier for evidence of type " + Evidence.SIMULATED + " (accepted: [" + accepted + "])");
    }

    @Test
    void sgxSelectsDcapAnchoredAtIntelsRootAndRefusesSimulatedEvidence() throws Exception {
        Path root = TestData.require("attestation/sgx/intel-sgx-root-ca.der");
        EvidenceVerifier v = ProviderVerifiers.create(ProviderVerifiers.parse("sgx"), null, root, null, SGX_CLOCK);
        assertThat(v.mediaType()).isEqualTo(Evidence.SGX_DCAP_QUOTE);
        assertRefusesSimulatedEvidence(v, Evidence.SGX_DCAP_QUOTE);
        // and it verifies real SGX hardware output: MRENCLAVE of the recorded quote
        Claims c = v.appraise(new Evidence(Evidence.SGX_DCAP_QUOTE,
                Files.readAllBytes(TestData.require("attestation/sgx/automata-sgx-v3.quote.bin"))));
        assertThat(c.hardwareBacked()).isTrue();
        assertThat(HexFormat.of().formatHex(c.measurement()))
                .isEqualTo("a4f45c39dac622cb1dd32ddb35a52ec92db41d0fa88a1c911c49e59c534f61cd");
        // a flipped byte in the quote's signed body fails closed
        byte[] tampered = Files.readAllBytes(TestData.require("attestation/sgx/automata-sgx-v3.quote.bin"));
        tampered[100] ^= 1;
        assertThatThrownBy(() -> v.appraise(new Evidence(Evidence.SGX_DCAP_QUOTE, tampered)))
                .isExactlyInstanceOf(AttestationException.class).hasMessage("EVIDENCE: SGX quote: quote signature does not verify with the attestation key");
    }

    @Test
    void tdxSelectsDcapForTdQuotesAndRefusesSimulatedEvidence() {
        Path root = TestData.require("attestation/tdx/intel-sgx-root-ca.der");
        EvidenceVerifier v = ProviderVerifiers.create(ProviderVerifiers.parse("tdx"), null, root, null, SGX_CLOCK);
        assertThat(v.mediaType()).isEqualTo(Evidence.TDX_QUOTE);
        assertRefusesSimulatedEvidence(v, Evidence.TDX_QUOTE);
    }

    @Test
    void snpSelectsTheProductOfTheArkAndRefusesSimulatedEvidence() {
        Path chain = TestData.require("attestation/sev-snp/amd-milan.ask-ark.pem");
        EvidenceVerifier v = ProviderVerifiers.create(ProviderVerifiers.parse("SNP"), null, null, chain, SGX_CLOCK);
        assertThat(v.mediaType()).isEqualTo(Evidence.SEV_SNP_REPORT);
        assertRefusesSimulatedEvidence(v, Evidence.SEV_SNP_REPORT);
    }

    @Test
    void simStaysTheDefaultAndHardwareKindsDisallowSimulation() {
        ReferenceValues r = ReferenceValues.of(new byte[32]);
        assertThat(ProviderVerifiers.reference(ProviderVerifiers.Kind.SIM, r).simulationAllowed()).isTrue();
        for (ProviderVerifiers.Kind k : List.of(ProviderVerifiers.Kind.SGX, ProviderVerifiers.Kind.TDX, ProviderVerifiers.Kind.SNP)) {
            assertThat(ProviderVerifiers.reference(k, r).simulationAllowed()).as(k.name()).isFalse();
        }
    }

    @Test
    void missingForeignOrUnknownOptionsAreRefusedWithTheirMessage() throws Exception {
        Path root = TestData.require("attestation/sgx/intel-sgx-root-ca.der");
        assertThatThrownBy(() -> ProviderVerifiers.parse("nitro"))
                .hasMessage("--verifier: unknown verifier 'nitro' (expected sim, sgx, tdx or snp)");
        assertThatThrownBy(() -> ProviderVerifiers.create(ProviderVerifiers.Kind.SGX, null, null, null, SGX_CLOCK))
                .hasMessage("--verifier sgx needs --intel-root FILE");
        assertThatThrownBy(() -> ProviderVerifiers.create(ProviderVerifiers.Kind.SNP, null, root, null, SGX_CLOCK))
                .hasMessage("--intel-root does not apply to --verifier snp");
        assertThatThrownBy(() -> ProviderVerifiers.create(ProviderVerifiers.Kind.SIM, null, null, null, SGX_CLOCK))
                .hasMessage("--verifier sim needs --sim-platform FILE");
        // the Intel root given as the AMD chain: no ARK in it
        assertThatThrownBy(() -> ProviderVerifiers.create(ProviderVerifiers.Kind.SNP, null, null, root, SGX_CLOCK))
                .hasMessage("--amd-cert-chain " + root + ": no ARK certificate (CN=ARK-<product>) among 1 certificates");
        Path notACert = Files.writeString(tmp.resolve("x.pem"), "hello");
        assertThatThrownBy(() -> ProviderVerifiers.create(ProviderVerifiers.Kind.TDX, null, notACert, null, SGX_CLOCK))
                .hasMessageStartingWith("--intel-root " + notACert + ": not a PEM or DER certificate (");
    }

    @Test
    void serveRefusesAHardwareVerifierWithoutMeasurementAndABadRateLimit() {
        List<String> base = List.of("provider", "serve", "--org", "hospital", "--log", "h.xes", "--cert", "c.crt",
                "--key", "c.key", "--ca", "ca.crt", "--crl", "crl.pem", "--allow-requester", "requester");
        List<String> sgx = new ArrayList<>(base);
        sgx.addAll(List.of("--verifier", "sgx", "--intel-root", "root.der"));
        MainTest.Result r = MainTest.run(sgx.toArray(String[]::new));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: --verifier sgx needs --miner-measurement HEX (the default is the "
                + "measurement of the simulated build)");
        List<String> tcb = new ArrayList<>(sgx);
        tcb.addAll(List.of("--miner-measurement", "00", "--accept-tcb", "OutOfDate"));
        r = MainTest.run(tcb.toArray(String[]::new));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: --accept-tcb needs --intel-collateral DIR|FILE or --intel-pcs URL (without collateral "
                + "no TCB status is known)");
        List<String> rate = new ArrayList<>(base);
        rate.addAll(List.of("--sim-platform", "sim.pub", "--rate-limit", "fast"));
        r = MainTest.run(rate.toArray(String[]::new));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: --rate-limit: rate limit 'fast': expected N/s, N/min or N/h, "
                + "optionally ,burst=B (e.g. 50/s)");
    }

    @Test
    void intelCollateralChecksTheTcbAndAcceptTcbWidensThePolicy() throws Exception {
        Path root = TestData.require("attestation/sgx/intel-sgx-root-ca.der");
        // a folder of Intel PCS files for automata-sgx-v3's FMSPC: links to the recorded files, not copies
        Path dir = Files.createDirectory(tmp.resolve("collateral"));
        for (String f : List.of("automata-sgx-v3.tcbinfo.json", "automata-sgx-v3.qeidentity.json",
                "automata.tcb-signing-cert.pem", "automata.root-ca-crl.der", "automata.pck-platform-crl.der")) {
            Files.createSymbolicLink(dir.resolve(f), TestData.require("attestation/sgx/" + f).toAbsolutePath());
        }
        Evidence quote = new Evidence(Evidence.SGX_DCAP_QUOTE,
                Files.readAllBytes(TestData.require("attestation/sgx/automata-sgx-v3.quote.bin")));
        EvidenceVerifier strict = ProviderVerifiers.create(ProviderVerifiers.Kind.SGX, null, root, List.of(dir), null, null, SGX_CLOCK);
        assertThatThrownBy(() -> strict.appraise(quote)).isExactlyInstanceOf(AttestationException.class)
                .hasMessage("TCB: TCB status OutOfDate is not accepted (accepted: UpToDate)");
        EvidenceVerifier lenient = ProviderVerifiers.create(ProviderVerifiers.Kind.SGX, null, root, List.of(dir),
                "OutOfDate,SWHardeningNeeded", null, SGX_CLOCK);
        Claims c = lenient.appraise(quote);
        assertThat(c.tcbStatus()).contains("OutOfDate");
        assertThat(c.details()).containsEntry("tcb-date", "2023-08-09T00:00:00Z").containsEntry("revocation", "checked");
        // without collateral the claims say plainly that the TCB was not checked
        assertThat(ProviderVerifiers.create(ProviderVerifiers.Kind.SGX, null, root, null, SGX_CLOCK).appraise(quote).tcbStatus())
                .contains("not checked");
        // a dcap-qvl file for TDX given to the SGX verifier, bad lists and misplaced options
        Path phalaTdx = TestData.require("attestation/tdx/phala-tdx-v4.collateral.json");
        assertThatThrownBy(() -> ProviderVerifiers.create(ProviderVerifiers.Kind.SGX, null, root, List.of(phalaTdx), null, null, SGX_CLOCK))
                .hasMessage("--intel-collateral: DCAP verifier: collateral " + phalaTdx + " holds TDX TCB Info, this verifier appraises SGX quotes");
        assertThatThrownBy(() -> ProviderVerifiers.create(ProviderVerifiers.Kind.SGX, null, root, List.of(dir), "Revoked", null, SGX_CLOCK))
                .hasMessage("--accept-tcb: TCB policy: status Revoked can never be accepted");
        assertThatThrownBy(() -> ProviderVerifiers.create(ProviderVerifiers.Kind.SGX, null, root, List.of(), "OutOfDate", null, SGX_CLOCK))
                .hasMessage("--accept-tcb needs --intel-collateral DIR|FILE or --intel-pcs URL (without collateral no TCB status is known)");
        Path chain = TestData.require("attestation/sev-snp/amd-milan.ask-ark.pem");
        assertThatThrownBy(() -> ProviderVerifiers.create(ProviderVerifiers.Kind.SNP, null, null, List.of(dir), null, chain, SGX_CLOCK))
                .hasMessage("--intel-collateral does not apply to --verifier snp");
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertThatThrownBy(() -> ProviderVerifiers.create(ProviderVerifiers.Kind.SGX, null, root, List.of(empty), null, null, SGX_CLOCK))
                .hasMessage("--intel-collateral " + empty + ": DCAP collateral " + empty + ": no file matches *tcbinfo.json");
    }

    @Test
    void intelPcsFetchesTheCollateralAndIsAnAlternativeToFiles() throws Exception {
        Path root = TestData.require("attestation/sgx/intel-sgx-root-ca.der");
        String signing = Files.readString(TestData.require("attestation/sgx/automata.tcb-signing-cert.pem"));
        byte[] quoteBytes = Files.readAllBytes(TestData.require("attestation/sgx/automata-sgx-v3.quote.bin"));
        // the PCK CRL issuer chain Intel sends: the quote's PCK Platform CA, then the root
        String pckCas = new String(quoteBytes, StandardCharsets.ISO_8859_1);
        pckCas = pckCas.substring(pckCas.indexOf("-----BEGIN CERTIFICATE-----", pckCas.indexOf("-----END CERTIFICATE-----")));
        pckCas = pckCas.substring(0, pckCas.lastIndexOf("-----END CERTIFICATE-----") + "-----END CERTIFICATE-----".length());
        java.util.Map<String, Object[]> answers = java.util.Map.of(
                "/sgx/certification/v4/tcb?fmspc=00606a000000", new Object[]{"sgx/automata-sgx-v3.tcbinfo.json", "TCB-Info-Issuer-Chain", signing},
                "/sgx/certification/v4/qe/identity", new Object[]{"sgx/automata-sgx-v3.qeidentity.json", "SGX-Enclave-Identity-Issuer-Chain", signing},
                "/sgx/certification/v4/pckcrl?ca=platform&encoding=der", new Object[]{"sgx/automata.pck-platform-crl.der", "SGX-PCK-CRL-Issuer-Chain", pckCas},
                "/root.crl", new Object[]{"sgx/automata.root-ca-crl.der", null, null});
        List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", x -> {
            requests.add(x.getRequestURI().toString());
            Object[] a = answers.get(x.getRequestURI().toString());
            if (a == null) {
                x.sendResponseHeaders(404, -1);
                x.close();
                return;
            }
            byte[] body = Files.readAllBytes(TestData.require("attestation/" + a[0]));
            if (a[1] != null) x.getResponseHeaders().add((String) a[1], URLEncoder.encode((String) a[2], StandardCharsets.UTF_8).replace("+", "%20")); // as Intel: %20
            x.sendResponseHeaders(200, body.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            Path cache = tmp.resolve("pcs-cache");
            EvidenceVerifier v = ProviderVerifiers.create(ProviderVerifiers.Kind.SGX, null, root,
                    new ProviderVerifiers.Intel(List.of(), base, cache, base + "/root.crl", "OutOfDate", false), null, SGX_CLOCK);
            Claims c = v.appraise(new Evidence(Evidence.SGX_DCAP_QUOTE, quoteBytes));
            assertThat(c.tcbStatus()).contains("OutOfDate");
            assertThat(c.details()).containsEntry("tcb-date", "2023-08-09T00:00:00Z").containsEntry("revocation", "checked");
            assertThat(requests).hasSize(4);
            assertThat(cache.resolve("sgx-00606a000000-platform.json")).isRegularFile();
            // a restarted provider reuses the cache without asking the PCS
            ProviderVerifiers.create(ProviderVerifiers.Kind.SGX, null, root,
                    new ProviderVerifiers.Intel(List.of(), base, cache, base + "/root.crl", "OutOfDate", false), null, SGX_CLOCK)
                    .appraise(new Evidence(Evidence.SGX_DCAP_QUOTE, quoteBytes));
            assertThat(requests).hasSize(4);
            // no cache and a PCS without this FMSPC's TCB Info: refused naming the URL and status
            EvidenceVerifier wrongRootUrl = ProviderVerifiers.create(ProviderVerifiers.Kind.SGX, null, root,
                    new ProviderVerifiers.Intel(List.of(), base, null, base + "/missing.crl", "OutOfDate", false), null, SGX_CLOCK);
            assertThatThrownBy(() -> wrongRootUrl.appraise(new Evidence(Evidence.SGX_DCAP_QUOTE, quoteBytes)))
                    .isExactlyInstanceOf(AttestationException.class)
                    .hasMessage("EVIDENCE: Intel PCS: GET " + base + "/missing.crl answered HTTP 404 (no cached collateral)");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void intelPcsOptionsAreRefusedWhereTheyDoNotApply() {
        Path root = TestData.require("attestation/sgx/intel-sgx-root-ca.der");
        Path chain = TestData.require("attestation/sev-snp/amd-milan.ask-ark.pem");
        assertThatThrownBy(() -> ProviderVerifiers.create(ProviderVerifiers.Kind.SGX, null, root,
                new ProviderVerifiers.Intel(List.of(tmp), "https://pccs.example", null, null, null, false), null, SGX_CLOCK))
                .hasMessage("--intel-collateral and --intel-pcs are alternatives: give collateral files or a PCS URL, not both");
        assertThatThrownBy(() -> ProviderVerifiers.create(ProviderVerifiers.Kind.SGX, null, root,
                new ProviderVerifiers.Intel(List.of(), null, tmp, null, null, false), null, SGX_CLOCK))
                .hasMessage("--intel-pcs-cache needs --intel-pcs URL");
        assertThatThrownBy(() -> ProviderVerifiers.create(ProviderVerifiers.Kind.SGX, null, root,
                new ProviderVerifiers.Intel(List.of(), "https://pccs.example", null, null, null, true), null, SGX_CLOCK))
                .hasMessage("--allow-no-crl needs --intel-collateral DIR|FILE (collateral from --intel-pcs always has its CRLs)");
        assertThatThrownBy(() -> ProviderVerifiers.create(ProviderVerifiers.Kind.SNP, null, null,
                new ProviderVerifiers.Intel(List.of(), "https://pccs.example", null, null, null, false), chain, SGX_CLOCK))
                .hasMessage("--intel-pcs does not apply to --verifier snp");
        assertThatThrownBy(() -> ProviderVerifiers.create(ProviderVerifiers.Kind.SGX, null, root,
                new ProviderVerifiers.Intel(List.of(), "ftp://pccs.example", null, null, null, false), null, SGX_CLOCK))
                .hasMessage("--intel-pcs: 'ftp://pccs.example' is not an http(s) URL");
        // through the command line: both sources together
        MainTest.Result r = MainTest.run("provider", "serve", "--org", "hospital", "--log", "h.xes", "--cert", "c.crt",
                "--key", "c.key", "--ca", "ca.crt", "--crl", "crl.pem", "--allow-requester", "requester", "--verifier", "sgx",
                "--intel-root", "root.der", "--miner-measurement", "00", "--intel-collateral", "dir",
                "--intel-pcs", "https://api.trustedservices.intel.com");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("coalition: --intel-collateral and --intel-pcs are alternatives: give "
                + "collateral files or a PCS URL, not both");
    }

    @Test
    void allowNoCrlAcceptsCollateralWithoutCrls() throws Exception {
        Path root = TestData.require("attestation/tdx/intel-sgx-root-ca.der");
        Clock clock = Clock.fixed(Instant.parse("2025-11-01T00:00:00Z"), ZoneOffset.UTC);
        // trustee's EMR collateral (no CRLs) with the 2025 TCB Signing certificate from Phala's collateral
        Path dir = Files.createDirectory(tmp.resolve("trustee"));
        for (String f : List.of("trustee-tdx-v4-emr.tcbinfo.json", "trustee-tdx-v4-emr.qeidentity.json")) {
            Files.createSymbolicLink(dir.resolve(f), TestData.require("attestation/tdx/" + f).toAbsolutePath());
        }
        String chain = new ObjectMapper().readTree(TestData.require("attestation/tdx/phala-tdx-v4.collateral.json").toFile())
                .get("tcb_info_issuer_chain").asText();
        Files.writeString(dir.resolve("phala.tcb-signing.pem"), chain);
        Evidence quote = new Evidence(Evidence.TDX_QUOTE,
                Files.readAllBytes(TestData.require("attestation/tdx/trustee-tdx-v4-emr.quote.bin")));
        EvidenceVerifier strict = ProviderVerifiers.create(ProviderVerifiers.Kind.TDX, null, root,
                new ProviderVerifiers.Intel(List.of(dir), null, null, null, "OutOfDate", false), null, clock);
        assertThatThrownBy(() -> strict.appraise(quote)).isExactlyInstanceOf(AttestationException.class)
                .hasMessage("TCB: TCB policy: the collateral has no CRLs, so revocation of the PCK certificate and PCK CA "
                        + "was not checked; refused unless unchecked revocation is allowed explicitly");
        EvidenceVerifier lenient = ProviderVerifiers.create(ProviderVerifiers.Kind.TDX, null, root,
                new ProviderVerifiers.Intel(List.of(dir), null, null, null, "OutOfDate", true), null, clock);
        Claims c = lenient.appraise(quote);
        assertThat(c.tcbStatus()).contains("OutOfDate");
        assertThat(c.details()).containsEntry("revocation", "not checked");
    }

    @Test
    void allowServiceTdAcceptsAQuoteWithABoundServiceTd() throws Exception {
        Path root = TestData.require("attestation/tdx/intel-sgx-root-ca.der");
        Clock clock = Clock.fixed(Instant.parse("2026-03-20T10:41:14Z"), ZoneOffset.UTC);
        Evidence quote = new Evidence(Evidence.TDX_QUOTE,
                Files.readAllBytes(TestData.require("attestation/tdx/trustee-tdx-v5-servicetd.quote.bin")));
        EvidenceVerifier strict = ProviderVerifiers.create(ProviderVerifiers.Kind.TDX, null, root,
                new ProviderVerifiers.Intel(List.of(), null, null, null, null, false, false), null, clock);
        assertThatThrownBy(() -> strict.appraise(quote)).isExactlyInstanceOf(AttestationException.class)
                .hasMessageStartingWith("EVIDENCE: TDX quote: MRSERVICETD 383c87d3bbb047b2")
                .hasMessageEndingWith(" is not zero: a service TD is bound to this TD and its identity is not appraised "
                        + "(refused unless service TDs are allowed)");
        EvidenceVerifier lenient = ProviderVerifiers.create(ProviderVerifiers.Kind.TDX, null, root,
                new ProviderVerifiers.Intel(List.of(), null, null, null, null, false, true), null, clock);
        assertThat(lenient.appraise(quote).details().get("mr-service-td")).startsWith("383c87d3bbb047b2");
        Path sgxRoot = TestData.require("attestation/sgx/intel-sgx-root-ca.der");
        assertThatThrownBy(() -> ProviderVerifiers.create(ProviderVerifiers.Kind.SGX, null, sgxRoot,
                new ProviderVerifiers.Intel(List.of(), null, null, null, null, false, true), null, clock))
                .hasMessage("--allow-service-td does not apply to --verifier sgx");
    }
}
