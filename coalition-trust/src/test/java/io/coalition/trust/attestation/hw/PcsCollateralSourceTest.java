package io.coalition.trust.attestation.hw;

import com.sun.net.httpserver.HttpServer;
import io.coalition.trust.attestation.Claims;
import io.coalition.trust.attestation.DcapEvidenceVerifier;
import io.coalition.trust.attestation.Evidence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.coalition.trust.attestation.hw.DcapCollateralTest.AUTOMATA_CLOCK;
import static io.coalition.trust.attestation.hw.Samples.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PcsCollateralSource} against a local PCS (JDK HttpServer on 127.0.0.1, ephemeral port) serving Automata's
 * recorded SGX and TDX collateral with the issuer-chain headers Intel PCS v4 sends, at the samples' fixed clock.
 */
class PcsCollateralSourceTest {
    private static final String SGX_FMSPC = "00606a000000";
    private static final String TDX_FMSPC = "00806f050000";

    private HttpServer server;
    private String base;
    /** path?query -> status, body, headers; what the local PCS answers. */
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse(AUTOMATA_CLOCK));

    record Answer(int status, byte[] body, Map<String, String> headers) {
    }

    @TempDir
    Path cache;

    @BeforeEach
    void startPcs() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String key = exchange.getRequestURI().toString();
            requests.add(key);
            Answer a = answers.getOrDefault(key, new Answer(404, new byte[0], Map.of()));
            a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(a.body());
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        String signingChain = pem(certificates("sgx/automata.tcb-signing-cert.pem")) + pem(List.of(intelRoot()));
        List<java.security.cert.X509Certificate> pckChain = SgxQuote.parse(bytes("sgx/automata-sgx-v3.quote.bin")).pckChain();
        String pckCrlChain = pem(pckChain.subList(1, pckChain.size()));
        for (String kind : List.of("sgx", "tdx")) {
            String sample = kind.equals("sgx") ? "sgx/automata-sgx-v3" : "tdx/automata-tdx-v4";
            String fmspc = kind.equals("sgx") ? SGX_FMSPC : TDX_FMSPC;
            answers.put("/" + kind + "/certification/v4/tcb?fmspc=" + fmspc,
                    ok(bytes(sample + ".tcbinfo.json"), PcsCollateralSource.TCB_INFO_CHAIN, signingChain));
            answers.put("/" + kind + "/certification/v4/qe/identity",
                    ok(bytes(sample + ".qeidentity.json"), PcsCollateralSource.QE_IDENTITY_CHAIN, signingChain));
        }
        answers.put("/sgx/certification/v4/pckcrl?ca=platform&encoding=der",
                ok(bytes("sgx/automata.pck-platform-crl.der"), PcsCollateralSource.PCK_CRL_CHAIN, pckCrlChain));
        answers.put("/IntelSGXRootCA.der", new Answer(200, bytes("sgx/automata.root-ca-crl.der"), Map.of()));
    }

    @AfterEach
    void stopPcs() {
        server.stop(0);
    }

    private static Answer ok(byte[] body, String header, String pem) {
        // Intel sends the chain URL-encoded (spaces as %20, not +)
        return new Answer(200, body, Map.of(header, URLEncoder.encode(pem, StandardCharsets.UTF_8).replace("+", "%20")));
    }

    private PcsCollateralSource source(Path cacheDir) {
        return PcsCollateralSource.builder(URI.create(base), intelRoot(), clock)
                .rootCaCrl(URI.create(base + "/IntelSGXRootCA.der")).cache(cacheDir).build();
    }

    private String source(String kind, String fmspc) {
        return base + " " + kind + " FMSPC " + fmspc + " (platform CA)";
    }

    @Test
    void fetchedSgxCollateral_evaluatesAsTheRecordedFiles() {
        DcapCollateral fetched = source(cache).collateral("SGX", SGX_FMSPC, "platform");
        TcbEvaluation viaPcs = dcap(AUTOMATA_CLOCK).verify(sgx(), fetched);
        TcbEvaluation viaFiles = dcap(AUTOMATA_CLOCK).verify(sgx(), DcapCollateralTest.automataSgx());
        assertThat(viaPcs.status()).isEqualTo(TcbStatus.OUT_OF_DATE).isEqualTo(viaFiles.status());
        assertThat(viaPcs.tcbDate()).isEqualTo(viaFiles.tcbDate()).hasToString("2023-08-09T00:00:00Z");
        assertThat(viaPcs.qeStatus()).isEqualTo(viaFiles.qeStatus());
        assertThat(viaPcs.advisoryIds()).isEqualTo(viaFiles.advisoryIds());
        assertThat(viaPcs.revocationChecked()).isTrue();
        assertThat(fetched.source()).isEqualTo(source("SGX", SGX_FMSPC));
        assertThat(requests).containsExactly("/sgx/certification/v4/tcb?fmspc=00606a000000",
                "/sgx/certification/v4/qe/identity", "/sgx/certification/v4/pckcrl?ca=platform&encoding=der",
                "/IntelSGXRootCA.der");
    }

    @Test
    void fetchedTdxCollateral_throughTheFrameworkVerifier_isOutOfDateWithItsAdvisories() {
        DcapEvidenceVerifier v = DcapEvidenceVerifier.tdx(intelRoot(), clock)
                .withPcs(source(cache), TcbPolicy.accepting("OutOfDate"));
        Claims c = v.appraise(new Evidence(Evidence.TDX_QUOTE, bytes("tdx/automata-tdx-v4.quote.bin")));
        assertThat(c.details()).containsEntry("tcb-status", "OutOfDate")
                .containsEntry("tcb-advisories", "INTEL-SA-00960,INTEL-SA-00982,INTEL-SA-00986")
                .containsEntry("tdx-module-tcb-status", "UpToDate").containsEntry("revocation", "checked");
        assertThat(requests).contains("/tdx/certification/v4/tcb?fmspc=00806f050000", "/tdx/certification/v4/qe/identity");
    }

    @Test
    void tamperedTcbInfoBody_isRefusedAndNotCached() throws IOException {
        String path = "/sgx/certification/v4/tcb?fmspc=" + SGX_FMSPC;
        Answer genuine = answers.get(path);
        String body = new String(genuine.body(), StandardCharsets.US_ASCII);
        int at = body.indexOf("\"nextUpdate\":\"2025-03-15T03:29:42Z\"") + "\"nextUpdate\":\"2025-03-15T03:29:4".length();
        answers.put(path, new Answer(200, flip(genuine.body(), at), genuine.headers()));
        assertThat(failure(() -> source(cache).collateral("SGX", SGX_FMSPC, "platform")))
                .isEqualTo("DCAP collateral (" + source("SGX", SGX_FMSPC) + "): TCB Info signature does not verify "
                        + "with the TCB Signing certificate's key (no cached collateral)");
        try (var files = Files.list(cache)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void issuerChainOfAnotherKey_isRefused() {
        String path = "/sgx/certification/v4/tcb?fmspc=" + SGX_FMSPC;
        Answer genuine = answers.get(path);
        String impostor = pem(List.of(impostor(certificate("sgx/automata.tcb-signing-cert.pem"))));
        answers.put(path, ok(genuine.body(), PcsCollateralSource.TCB_INFO_CHAIN, impostor));
        assertThat(failure(() -> source(cache).collateral("SGX", SGX_FMSPC, "platform")))
                .isEqualTo("DCAP collateral (" + source("SGX", SGX_FMSPC) + "): the SGX-Enclave-Identity-Issuer-Chain "
                        + "differs from the TCB-Info-Issuer-Chain (no cached collateral)");
        Answer qe = answers.get("/sgx/certification/v4/qe/identity");
        answers.put("/sgx/certification/v4/qe/identity", ok(qe.body(), PcsCollateralSource.QE_IDENTITY_CHAIN, impostor));
        assertThat(failure(() -> source(cache).collateral("SGX", SGX_FMSPC, "platform")))
                .isEqualTo("DCAP collateral (" + source("SGX", SGX_FMSPC) + "): TCB Signing certificate 'Intel SGX TCB "
                        + "Signing' names issuer 'C=US, ST=CA, L=Santa Clara, O=Intel Corporation, CN=Intel SGX TCB Signing', "
                        + "not the Intel SGX Root CA (no cached collateral)"); // a self-signed impostor
    }

    @Test
    void notFoundAndServerError_areRefusedNamingUrlAndStatus() {
        Answer tcb = answers.remove("/sgx/certification/v4/tcb?fmspc=" + SGX_FMSPC);
        assertThat(failure(() -> source(cache).collateral("SGX", SGX_FMSPC, "platform")))
                .isEqualTo("Intel PCS: GET " + base + "/sgx/certification/v4/tcb?fmspc=00606a000000 answered HTTP 404"
                        + " (no cached collateral)");
        answers.put("/sgx/certification/v4/pckcrl?ca=processor&encoding=der",
                new Answer(500, "down".getBytes(StandardCharsets.US_ASCII), Map.of("Error-Code", "InternalError")));
        answers.put("/sgx/certification/v4/tcb?fmspc=" + SGX_FMSPC, tcb);
        assertThat(failure(() -> source(cache).collateral("SGX", SGX_FMSPC, "processor")))
                .isEqualTo("Intel PCS: GET " + base + "/sgx/certification/v4/pckcrl?ca=processor&encoding=der answered "
                        + "HTTP 500, Error-Code InternalError (no cached collateral)");
    }

    @Test
    void cachedCollateral_isReusedWithoutRequests_inMemoryAndAfterARestart() throws IOException {
        source(cache).collateral("SGX", SGX_FMSPC, "platform");
        assertThat(requests).hasSize(4);
        try (var files = Files.list(cache)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("sgx-00606a000000-platform.json");
        }
        PcsCollateralSource restarted = source(cache);
        clock.now = clock.now.plus(Duration.ofHours(1));
        DcapCollateral again = restarted.collateral("SGX", SGX_FMSPC, "platform");
        restarted.collateral("SGX", SGX_FMSPC, "platform");
        assertThat(requests).hasSize(4);
        assertThat(dcap(clock.now.toString()).verify(sgx(), again).status()).isEqualTo(TcbStatus.OUT_OF_DATE);
    }

    @Test
    void refreshPeriodElapsed_refetches_andAFailedRefreshKeepsCurrentCache() {
        PcsCollateralSource s = source(cache);
        DcapCollateral first = s.collateral("SGX", SGX_FMSPC, "platform");
        clock.now = clock.now.plus(Duration.ofHours(25)); // past the 24-hour period, before every nextUpdate
        s.collateral("SGX", SGX_FMSPC, "platform");
        assertThat(requests).hasSize(8);
        clock.now = clock.now.plus(Duration.ofHours(25));
        answers.put("/sgx/certification/v4/qe/identity", new Answer(503, new byte[0], Map.of()));
        DcapCollateral kept = s.collateral("SGX", SGX_FMSPC, "platform");
        assertThat(requests).hasSize(10); // TCB Info fetched, QE Identity failed: the cached set is still current
        assertThat(kept.tcbInfoNextUpdate()).isEqualTo(first.tcbInfoNextUpdate());
        assertThat(dcap(clock.now.toString()).verify(sgx(), kept).status()).isEqualTo(TcbStatus.OUT_OF_DATE);
    }

    @Test
    void pastNextUpdate_refetches_andRefusesWhenThePcsHasNothingCurrent() {
        PcsCollateralSource s = source(cache);
        s.collateral("SGX", SGX_FMSPC, "platform");
        clock.now = Instant.parse("2025-03-15T03:29:43Z"); // one second past the TCB Info's nextUpdate
        assertThat(failure(() -> s.collateral("SGX", SGX_FMSPC, "platform")))
                .isEqualTo("DCAP collateral (" + source("SGX", SGX_FMSPC) + "): TCB Info expired: nextUpdate "
                        + "2025-03-15T03:29:42Z is before the verification time 2025-03-15T03:29:43Z "
                        + "(cached collateral expired at 2025-03-15T03:29:42Z)");
        assertThat(requests).hasSize(8);
        answers.clear();
        assertThat(failure(() -> s.collateral("SGX", SGX_FMSPC, "platform")))
                .isEqualTo("Intel PCS: GET " + base + "/sgx/certification/v4/tcb?fmspc=00606a000000 answered HTTP 404"
                        + " (cached collateral expired at 2025-03-15T03:29:42Z)");
    }

    @Test
    void headerDecoding_keepsALiteralPlus() {
        assertThat(PcsCollateralSource.percentDecode("u", "H", "a+b%2Bc%0A%20d")).isEqualTo("a+b+c\n d");
        assertThat(failure(() -> PcsCollateralSource.percentDecode("u", "H", "ab%2")))
                .isEqualTo("Intel PCS: GET u: the H header has a bad escape at 2");
    }

    private static SgxQuote sgx() {
        return SgxQuote.parse(bytes("sgx/automata-sgx-v3.quote.bin"));
    }

    /** A clock the test moves: refresh decisions read it, nothing sleeps. */
    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
