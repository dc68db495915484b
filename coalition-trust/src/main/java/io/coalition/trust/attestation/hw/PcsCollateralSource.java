package io.coalition.trust.attestation.hw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coalition.trust.TrustException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Intel DCAP collateral fetched from an Intel PCS v4-compatible service (Intel's {@link #INTEL_PCS} or a PCCS):
 * {@code /sgx|tdx/certification/v4/tcb?fmspc=} ({@code TCB-Info-Issuer-Chain}),
 * {@code /sgx|tdx/certification/v4/qe/identity} ({@code SGX-Enclave-Identity-Issuer-Chain}),
 * {@code /sgx/certification/v4/pckcrl?ca=platform|processor&encoding=der} ({@code SGX-PCK-CRL-Issuer-Chain}) and the
 * Intel SGX Root CA CRL from its own URL.
 *
 * <p>Fetched bodies become a {@link DcapCollateral} exactly as files do ({@link DcapCollateral#fromPcs}); before they
 * are kept, the quote-independent checks run (TCB Signing chain to the pinned root, CRL issuers and signatures,
 * TCB Info and QE Identity signatures over the exact text, currency), and {@link DcapVerifier#verify} repeats every
 * check for each quote. Collateral is cached in memory and, with {@link Builder#cache}, on disk (one file per
 * kind, FMSPC and PCK CA, written to a temporary file and renamed, so never half-written), and refetched when the
 * earliest nextUpdate of its parts has passed or the refresh period has elapsed. A failed refresh keeps the cached
 * collateral only while it is still current; otherwise the request fails naming the URL and the HTTP status.
 */
public final class PcsCollateralSource {
    /** Intel's Provisioning Certification Service. */
    public static final URI INTEL_PCS = URI.create("https://api.trustedservices.intel.com");
    /** Where Intel publishes the Intel SGX Root CA CRL (DER). */
    public static final URI INTEL_ROOT_CA_CRL = URI.create("https://certificates.trustedservices.intel.com/IntelSGXRootCA.der");

    static final String TCB_INFO_CHAIN = "TCB-Info-Issuer-Chain";
    static final String QE_IDENTITY_CHAIN = "SGX-Enclave-Identity-Issuer-Chain";
    static final String PCK_CRL_CHAIN = "SGX-PCK-CRL-Issuer-Chain";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final URI rootCaCrlUrl;
    private final X509Certificate root;
    private final Clock clock;
    private final Duration refreshEvery;
    private final Path cacheDir;
    private final HttpClient http;
    private final Duration timeout;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    /** One fetched set, its raw parts (what the disk cache holds) and when it was fetched. */
    private record Entry(DcapCollateral collateral, Instant fetchedAt, Instant nextUpdate, ObjectNode raw) {
    }

    private PcsCollateralSource(Builder b) {
        String s = b.base.toString();
        this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        this.rootCaCrlUrl = b.rootCaCrl;
        this.root = b.root;
        this.clock = b.clock;
        this.refreshEvery = b.refreshEvery;
        this.cacheDir = b.cacheDir;
        this.http = b.http != null ? b.http
                : HttpClient.newBuilder().connectTimeout(b.timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.timeout = b.timeout;
    }

    /**
     * A source for {@code base} (e.g. {@link #INTEL_PCS} or {@code https://pccs.example:8081}), checking what it
     * fetches against the pinned Intel SGX Root CA at {@code clock}.
     */
    public static Builder builder(URI base, X509Certificate intelRoot, Clock clock) {
        return new Builder(base, intelRoot, clock);
    }

    public static final class Builder {
        private final URI base;
        private final X509Certificate root;
        private final Clock clock;
        private URI rootCaCrl = INTEL_ROOT_CA_CRL;
        private Duration refreshEvery = Duration.ofHours(24);
        private Path cacheDir;
        private HttpClient http;
        private Duration timeout = Duration.ofSeconds(30);

        private Builder(URI base, X509Certificate root, Clock clock) {
            this.base = Objects.requireNonNull(base, "base");
            this.root = Objects.requireNonNull(root, "intelRoot");
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        /** Where to fetch the Intel SGX Root CA CRL (default {@link #INTEL_ROOT_CA_CRL}). */
        public Builder rootCaCrl(URI url) {
            this.rootCaCrl = Objects.requireNonNull(url);
            return this;
        }

        /** Refetch collateral older than this even before its nextUpdate (default 24 hours). */
        public Builder refreshEvery(Duration period) {
            if (period.isNegative() || period.isZero()) throw new IllegalArgumentException("refresh period must be positive: " + period);
            this.refreshEvery = period;
            return this;
        }

        /** Keep fetched collateral in this folder, so a restart needs no request while it is current. */
        public Builder cache(Path dir) {
            this.cacheDir = dir;
            return this;
        }

        public Builder http(HttpClient client) {
            this.http = client;
            return this;
        }

        public Builder timeout(Duration t) {
            this.timeout = t;
            return this;
        }

        public PcsCollateralSource build() {
            if (cacheDir != null) {
                try {
                    Files.createDirectories(cacheDir);
                } catch (IOException e) {
                    throw new TrustException("Intel PCS cache " + cacheDir + ": cannot create the folder (" + e + ")");
                }
            }
            return new PcsCollateralSource(this);
        }
    }

    /** The service this source fetches from. */
    public String base() {
        return base;
    }

    /**
     * The collateral for a quote's platform, fetched or cached.
     *
     * @param kind   {@code SGX} or {@code TDX}
     * @param fmspc  the PCK certificate's FMSPC (hex)
     * @param pckCa  {@code platform} or {@code processor}: which PCK CA issued the PCK certificate
     * @throws TrustException when nothing current can be had, naming the URL and the HTTP status or the failed check
     */
    public DcapCollateral collateral(String kind, String fmspc, String pckCa) {
        if (!kind.equals("SGX") && !kind.equals("TDX")) throw new IllegalArgumentException("kind must be SGX or TDX: " + kind);
        if (!pckCa.equals("platform") && !pckCa.equals("processor")) {
            throw new IllegalArgumentException("PCK CA must be platform or processor: " + pckCa);
        }
        if (!fmspc.matches("[0-9a-fA-F]{12}")) throw new IllegalArgumentException("FMSPC must be 12 hex digits: " + fmspc);
        String key = kind.toLowerCase() + "-" + fmspc.toLowerCase() + "-" + pckCa;
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            Instant now = clock.instant();
            Entry cached = entries.get(key);
            if (cached == null) {
                cached = fromDisk(key, now);
                if (cached != null) entries.put(key, cached);
            }
            if (cached != null && now.isBefore(cached.nextUpdate()) && now.isBefore(cached.fetchedAt().plus(refreshEvery))) {
                return cached.collateral();
            }
            Entry fresh;
            try {
                fresh = fetch(kind, fmspc.toLowerCase(), pckCa, now);
            } catch (TrustException failed) {
                if (cached != null && !now.isAfter(cached.nextUpdate())) return cached.collateral();
                String why = cached == null ? "no cached collateral"
                        : "cached collateral expired at " + cached.nextUpdate();
                throw new TrustException(failed.getMessage() + " (" + why + ")", failed);
            }
            entries.put(key, fresh);
            toDisk(key, fresh);
            return fresh.collateral();
        }
    }

    /** The PCK CA a PCK certificate chain names: {@code platform} or {@code processor}. */
    public static String pckCaOf(List<X509Certificate> pckChain) {
        String cn = Crypto.commonName(pckChain.get(1));
        if (cn.equals("Intel SGX PCK Platform CA")) return "platform";
        if (cn.equals("Intel SGX PCK Processor CA")) return "processor";
        throw new TrustException("the PCK certificate is issued by '" + cn
                + "', neither the Intel SGX PCK Platform CA nor the Processor CA");
    }

    private Entry fetch(String kind, String fmspc, String pckCa, Instant now) {
        String k = kind.toLowerCase();
        Response tcb = get(base + "/" + k + "/certification/v4/tcb?fmspc=" + fmspc, TCB_INFO_CHAIN);
        Response qe = get(base + "/" + k + "/certification/v4/qe/identity", QE_IDENTITY_CHAIN);
        Response pck = get(base + "/sgx/certification/v4/pckcrl?ca=" + pckCa + "&encoding=der", PCK_CRL_CHAIN);
        Response rootCrl = get(rootCaCrlUrl.toString(), null);
        ObjectNode raw = JSON.createObjectNode();
        Base64.Encoder b64 = Base64.getEncoder();
        raw.put("source", base + " " + kind + " FMSPC " + fmspc + " (" + pckCa + " CA)");
        raw.put("fetchedAt", now.toString());
        raw.put("tcbInfo", b64.encodeToString(tcb.body));
        raw.put("tcbInfoIssuerChain", tcb.chain);
        raw.put("qeIdentity", b64.encodeToString(qe.body));
        raw.put("qeIdentityIssuerChain", qe.chain);
        raw.put("pckCrl", b64.encodeToString(pck.body));
        raw.put("pckCrlIssuerChain", pck.chain);
        raw.put("rootCaCrl", b64.encodeToString(rootCrl.body));
        return entry(raw, now);
    }

    /** Parses and checks a raw set (fetched or from the disk cache) at {@code now}. */
    private Entry entry(JsonNode raw, Instant now) {
        String source = text(raw, "source");
        Base64.Decoder b64 = Base64.getDecoder();
        List<X509Certificate> chain = certificates(source, TCB_INFO_CHAIN, text(raw, "tcbInfoIssuerChain"));
        if (!chain.equals(certificates(source, QE_IDENTITY_CHAIN, text(raw, "qeIdentityIssuerChain")))) {
            throw new TrustException("DCAP collateral (" + source + "): the " + QE_IDENTITY_CHAIN + " differs from the "
                    + TCB_INFO_CHAIN);
        }
        List<X509Certificate> pckCrlChain = certificates(source, PCK_CRL_CHAIN, text(raw, "pckCrlIssuerChain"));
        DcapCollateral c = DcapCollateral.fromPcs(source, b64.decode(text(raw, "tcbInfo")), b64.decode(text(raw, "qeIdentity")),
                chain, b64.decode(text(raw, "rootCaCrl")), b64.decode(text(raw, "pckCrl")));
        CollateralCheck.checkFetched(root, now, c, pckCrlChain.get(0));
        Instant next = c.tcbInfoNextUpdate();
        if (c.qeIdentityNextUpdate().isBefore(next)) next = c.qeIdentityNextUpdate();
        for (X509CRL crl : List.of(c.rootCaCrl().orElseThrow(), c.pckCrl().orElseThrow())) {
            Instant n = crl.getNextUpdate().toInstant();
            if (n.isBefore(next)) next = n;
        }
        return new Entry(c, Instant.parse(text(raw, "fetchedAt")), next, (ObjectNode) raw);
    }

    private record Response(byte[] body, String chain) {
    }

    private Response get(String url, String chainHeader) {
        HttpResponse<byte[]> r;
        try {
            r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new TrustException("Intel PCS: GET " + url + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrustException("Intel PCS: GET " + url + " interrupted");
        }
        if (r.statusCode() != 200) {
            String error = r.headers().firstValue("Error-Code").map(c -> ", Error-Code " + c).orElse("");
            throw new TrustException("Intel PCS: GET " + url + " answered HTTP " + r.statusCode() + error);
        }
        if (chainHeader == null) return new Response(r.body(), null);
        String chain = r.headers().firstValue(chainHeader)
                .orElseThrow(() -> new TrustException("Intel PCS: GET " + url + ": the response has no " + chainHeader + " header"));
        return new Response(r.body(), percentDecode(url, chainHeader, chain));
    }

    /** URL-decoding without {@code +} to space: a literal {@code +} in base64 stays one. */
    static String percentDecode(String url, String header, String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '%') {
                if (i + 2 >= value.length() || Character.digit(value.charAt(i + 1), 16) < 0 || Character.digit(value.charAt(i + 2), 16) < 0) {
                    throw new TrustException("Intel PCS: GET " + url + ": the " + header + " header has a bad escape at " + i);
                }
                out.write(Character.digit(value.charAt(i + 1), 16) * 16 + Character.digit(value.charAt(i + 2), 16));
                i += 2;
            } else {
                out.write(ch);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<X509Certificate> certificates(String source, String what, String pem) {
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) throw new TrustException("DCAP collateral (" + source + "): the " + what + " holds no certificate");
            return out;
        } catch (CertificateException | RuntimeException e) {
            if (e instanceof TrustException t) throw t;
            throw new TrustException("DCAP collateral (" + source + "): the " + what + " is not PEM certificates: " + e.getMessage());
        }
    }

    private static String text(JsonNode raw, String field) {
        JsonNode n = raw.get(field);
        if (n == null || !n.isTextual()) throw new TrustException("Intel PCS cache: field " + field + " is missing");
        return n.asText();
    }

    private Path cacheFile(String key) {
        return cacheDir.resolve(key + ".json");
    }

    /** A cached set still passing the checks at {@code now}; an unreadable or no longer valid one counts as none. */
    private Entry fromDisk(String key, Instant now) {
        if (cacheDir == null || !Files.isRegularFile(cacheFile(key))) return null;
        try {
            return entry(JSON.readTree(Files.readAllBytes(cacheFile(key))), now);
        } catch (IOException | TrustException e) {
            return null;
        }
    }

    private void toDisk(String key, Entry e) {
        if (cacheDir == null) return;
        Path target = cacheFile(key);
        Path tmp = null;
        try {
            tmp = Files.createTempFile(cacheDir, "." + key, ".tmp");
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(e.raw()));
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException notAtomic) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException io) {
            throw new TrustException("Intel PCS cache " + target + ": cannot write (" + io + ")");
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover temporary file is harmless: readers only open the renamed target
                }
            }
        }
    }

    /** The cache files present (for tests and diagnostics). */
    List<Path> cacheFiles() throws IOException {
        if (cacheDir == null) return List.of();
        try (Stream<Path> s = Files.list(cacheDir)) {
            return s.sorted().toList();
        }
    }
}
