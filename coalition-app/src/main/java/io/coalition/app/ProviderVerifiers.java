package io.coalition.app;

import io.coalition.trust.attestation.DcapEvidenceVerifier;
import io.coalition.trust.attestation.EvidenceVerifier;
import io.coalition.trust.attestation.ReferenceValues;
import io.coalition.trust.attestation.SimulatedEvidenceVerifier;
import io.coalition.trust.attestation.SnpEvidenceVerifier;
import io.coalition.trust.attestation.hw.AmdProduct;

import java.io.IOException;
import java.io.InputStream;
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
 * ASK/ASVK and ARK from AMD KDS, {@code --amd-cert-chain}). Only {@code sim} accepts simulated evidence; the
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
        require(kind == Kind.SIM, simPlatform, "--sim-platform", kind);
        require(kind == Kind.SGX || kind == Kind.TDX, intelRoot, "--intel-root", kind);
        require(kind == Kind.SNP, amdCertChain, "--amd-cert-chain", kind);
        return switch (kind) {
            case SIM -> new SimulatedEvidenceVerifier(List.of(MinerCommand.readPublicKey(simPlatform)));
            case SGX -> DcapEvidenceVerifier.sgx(single(intelRoot, "--intel-root"), clock);
            case TDX -> DcapEvidenceVerifier.tdx(single(intelRoot, "--intel-root"), clock);
            case SNP -> snp(amdCertChain, clock);
        };
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
