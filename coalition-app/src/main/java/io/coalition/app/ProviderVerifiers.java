package io.coalition.app;

import io.coalition.trust.attestation.DcapEvidenceVerifier;
import io.coalition.trust.attestation.EvidenceVerifier;
import io.coalition.trust.attestation.ReferenceValues;
import io.coalition.trust.attestation.SimulatedEvidenceVerifier;
import io.coalition.trust.attestation.SnpEvidenceVerifier;
import io.coalition.trust.TrustException;
import io.coalition.trust.attestation.hw.AmdProduct;
import io.coalition.trust.attestation.hw.DcapCollateral;
import io.coalition.trust.attestation.hw.PcsCollateralSource;
import io.coalition.trust.attestation.hw.TcbPolicy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The evidence verifier a Log Provider embeds, chosen by {@code provider serve --verifier}: {@code sim} (evidence
 * signed by a simulated platform key, {@code --sim-platform}), {@code sgx} and {@code tdx} (Intel DCAP quotes
 * anchored at the Intel SGX Root CA, {@code --intel-root}), {@code snp} (AMD SEV-SNP reports, the product's
 * ASK/ASVK and ARK from AMD KDS, {@code --amd-cert-chain}). {@code sgx} and {@code tdx} also take Intel collateral
 * ({@code --intel-collateral DIR|FILE}, one per FMSPC): quotes are then checked against TCB Info, QE Identity and
 * CRLs, and their TCB status must be UpToDate or listed in {@code --accept-tcb}; without collateral the claims say
 * the TCB status was not checked. {@code tdx} refuses a quote with a non-zero MRSERVICETD unless
 * {@code --allow-service-td}. Only {@code sim} accepts simulated evidence; the
 * hardware verifiers need the miner's real measurement ({@code --miner-measurement}), since the default is the
 * sim build's.
 */
final class ProviderVerifiers {
    enum Kind { SIM, SGX, TDX, SNP }

    private ProviderVerifiers() {
    }

    static Kind parse(String name) {
        try {
            return Kind.valueOf(name.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--verifier: unknown verifier '" + name + "' (expected sim, sgx, tdx or snp)");
        }
    }

    /**
     * The evidence verifier for {@code kind}; every option it needs must be given, and options of other kinds are
     * refused (so a provider never runs with a collateral it silently ignores).
     */
    static EvidenceVerifier create(Kind kind, Path simPlatform, Path intelRoot, Path amdCertChain, Clock clock) {
        return create(kind, simPlatform, intelRoot, List.of(), null, amdCertChain, clock);
    }

    /**
     * As above, with Intel collateral ({@code --intel-collateral}, sgx and tdx only) and the TCB statuses accepted
     * besides UpToDate ({@code --accept-tcb}, only with collateral).
     */
    static EvidenceVerifier create(Kind kind, Path simPlatform, Path intelRoot, List<Path> intelCollateral, String acceptTcb,
                                   Path amdCertChain, Clock clock) {
        return create(kind, simPlatform, intelRoot, new Intel(intelCollateral, null, null, null, acceptTcb, false),
                amdCertChain, clock);
    }

    /**
     * Where Intel collateral comes from: files ({@code --intel-collateral}) or an Intel PCS / PCCS
     * ({@code --intel-pcs URL}, optionally {@code --intel-pcs-cache DIR} and {@code --intel-root-ca-crl URL}), never
     * both; the TCB statuses accepted besides UpToDate ({@code --accept-tcb}); and whether collateral files without
     * CRLs are accepted ({@code --allow-no-crl}: revocation is then not checked).
     */
    record Intel(List<Path> collateral, String pcs, Path pcsCache, String rootCaCrl, String acceptTcb, boolean allowNoCrl,
                 boolean allowServiceTd) {
        Intel {
            collateral = collateral == null ? List.of() : List.copyOf(collateral);
        }

        Intel(List<Path> collateral, String pcs, Path pcsCache, String rootCaCrl, String acceptTcb, boolean allowNoCrl) {
            this(collateral, pcs, pcsCache, rootCaCrl, acceptTcb, allowNoCrl, false);
        }

        boolean any() {
            return !collateral.isEmpty() || pcs != null;
        }
    }

    static EvidenceVerifier create(Kind kind, Path simPlatform, Path intelRoot, Intel intel, Path amdCertChain, Clock clock) {
        require(kind == Kind.SIM, simPlatform, "--sim-platform", kind);
        require(kind == Kind.SGX || kind == Kind.TDX, intelRoot, "--intel-root", kind);
        require(kind == Kind.SNP, amdCertChain, "--amd-cert-chain", kind);
        String name = kind.name().toLowerCase(java.util.Locale.ROOT);
        if (!intel.collateral().isEmpty() && kind != Kind.SGX && kind != Kind.TDX) {
            throw new IllegalArgumentException("--intel-collateral does not apply to --verifier " + name);
        }
        if (intel.pcs() != null && kind != Kind.SGX && kind != Kind.TDX) {
            throw new IllegalArgumentException("--intel-pcs does not apply to --verifier " + name);
        }
        if (!intel.collateral().isEmpty() && intel.pcs() != null) {
            throw new IllegalArgumentException("--intel-collateral and --intel-pcs are alternatives: give collateral files "
                    + "or a PCS URL, not both");
        }
        if (intel.pcsCache() != null && intel.pcs() == null) {
            throw new IllegalArgumentException("--intel-pcs-cache needs --intel-pcs URL");
        }
        if (intel.rootCaCrl() != null && intel.pcs() == null) {
            throw new IllegalArgumentException("--intel-root-ca-crl needs --intel-pcs URL");
        }
        if (intel.acceptTcb() != null && !intel.any()) {
            throw new IllegalArgumentException("--accept-tcb needs --intel-collateral DIR|FILE or --intel-pcs URL (without collateral no TCB status is known)");
        }
        if (intel.allowServiceTd() && kind != Kind.TDX) {
            throw new IllegalArgumentException("--allow-service-td does not apply to --verifier " + name);
        }
        if (intel.allowNoCrl() && intel.collateral().isEmpty()) {
            throw new IllegalArgumentException("--allow-no-crl needs --intel-collateral DIR|FILE (collateral from "
                    + "--intel-pcs always has its CRLs)");
        }
        return switch (kind) {
            case SIM -> new SimulatedEvidenceVerifier(List.of(MinerCommand.readPublicKey(
                    ProviderCommand.requireFile("--sim-platform", simPlatform))));
            case SGX -> dcap(DcapEvidenceVerifier.sgx(single(intelRoot, "--intel-root"), clock), single(intelRoot, "--intel-root"), intel, clock);
            case TDX -> {
                DcapEvidenceVerifier tdx = DcapEvidenceVerifier.tdx(single(intelRoot, "--intel-root"), clock);
                yield dcap(intel.allowServiceTd() ? tdx.allowingServiceTd() : tdx, single(intelRoot, "--intel-root"), intel, clock);
            }
            case SNP -> snp(amdCertChain, clock);
        };
    }

    private static DcapEvidenceVerifier dcap(DcapEvidenceVerifier v, X509Certificate root, Intel intel, Clock clock) {
        if (!intel.any()) return v;
        TcbPolicy policy;
        try {
            policy = intel.acceptTcb() == null ? TcbPolicy.upToDateOnly() : TcbPolicy.accepting(intel.acceptTcb());
        } catch (TrustException e) {
            throw new IllegalArgumentException("--accept-tcb: " + e.getMessage());
        }
        if (intel.allowNoCrl()) policy = policy.allowingUncheckedRevocation();
        if (intel.pcs() != null) {
            PcsCollateralSource.Builder b = PcsCollateralSource.builder(url("--intel-pcs", intel.pcs()), root, clock);
            if (intel.rootCaCrl() != null) b.rootCaCrl(url("--intel-root-ca-crl", intel.rootCaCrl()));
            if (intel.pcsCache() != null) b.cache(intel.pcsCache());
            try {
                return v.withPcs(b.build(), policy);
            } catch (TrustException e) {
                throw new IllegalArgumentException("--intel-pcs-cache: " + e.getMessage());
            }
        }
        List<DcapCollateral> loaded = new ArrayList<>();
        for (Path p : intel.collateral()) {
            try {
                loaded.add(DcapCollateral.load(p));
            } catch (TrustException e) {
                throw new IllegalArgumentException("--intel-collateral " + p + ": " + e.getMessage());
            }
        }
        try {
            return v.withCollateral(loaded, policy);
        } catch (TrustException e) {
            throw new IllegalArgumentException("--intel-collateral: " + e.getMessage());
        }
    }

    private static URI url(String option, String value) {
        URI u;
        try {
            u = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": '" + value + "' is not a URL (" + e.getMessage() + ")");
        }
        if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException(option + ": '" + value + "' is not an http(s) URL");
        }
        return u;
    }

    /** Reference values: simulation is allowed only with the sim verifier. */
    static ReferenceValues reference(Kind kind, ReferenceValues measurements) {
        return measurements.withSimulationAllowed(kind == Kind.SIM);
    }

    private static void require(boolean needed, Path value, String option, Kind kind) {
        String name = kind.name().toLowerCase(java.util.Locale.ROOT);
        if (needed && value == null) throw new IllegalArgumentException("--verifier " + name + " needs " + option + " FILE");
        if (!needed && value != null) throw new IllegalArgumentException(option + " does not apply to --verifier " + name);
    }

    /** AMD KDS's cert_chain (PEM: ASK or ASVK, then ARK): the ARK names the product (CN=ARK-Milan, ...). */
    private static SnpEvidenceVerifier snp(Path file, Clock clock) {
        List<X509Certificate> certs = certificates(file, "--amd-cert-chain");
        X509Certificate ark = null;
        X509Certificate ask = null;
        for (X509Certificate c : certs) {
            String cn = commonName(c);
            if (cn.startsWith("ARK-")) ark = c;
            else if (cn.startsWith("SEV-")) ask = c;
        }
        if (ark == null) {
            throw new IllegalArgumentException("--amd-cert-chain " + file + ": no ARK certificate (CN=ARK-<product>) among "
                    + certs.size() + " certificates");
        }
        String productName = commonName(ark).substring("ARK-".length());
        AmdProduct product = null;
        for (AmdProduct p : AmdProduct.values()) if (p.productName().equals(productName)) product = p;
        if (product == null) {
            throw new IllegalArgumentException("--amd-cert-chain " + file + ": unknown AMD product '" + productName
                    + "' (expected Milan, Genoa or Turin)");
        }
        return new SnpEvidenceVerifier(product, ark, Optional.ofNullable(ask), clock);
    }

    private static String commonName(X509Certificate c) {
        for (String part : c.getSubjectX500Principal().getName().split(",")) {
            if (part.startsWith("CN=")) return part.substring(3);
        }
        return "";
    }

    private static X509Certificate single(Path file, String option) {
        List<X509Certificate> certs = certificates(file, option);
        if (certs.size() != 1) {
            throw new IllegalArgumentException(option + " " + file + ": expected one certificate, found " + certs.size());
        }
        return certs.get(0);
    }

    /** Certificates of a PEM or DER file (Intel publishes its root in DER, AMD KDS its chains in PEM). */
    private static List<X509Certificate> certificates(Path file, String option) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) out.add((X509Certificate) c);
            if (out.isEmpty()) throw new IllegalArgumentException(option + " " + file + ": no certificate");
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + file + ": cannot read (" + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(option + " " + file + ": not a PEM or DER certificate (" + e.getMessage() + ")");
        }
    }
}
