package io.coalition.trust.enclave;

import io.coalition.trust.TrustException;
import io.coalition.trust.attestation.Attester;
import io.coalition.trust.attestation.ConfigfsTsmAttester;
import io.coalition.trust.attestation.GramineSgxAttester;
import io.coalition.trust.attestation.SimulatedAttester;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The TEE an {@link Enclave} runs on: how it attests, how its measurement is known, and where its sealing
 * secret comes from. The secret never leaves this package.
 *
 * <ul>
 *   <li>{@link #simulated}: software only (the {@code sim} backend). The measurement is SHA-256 of the
 *       application artifact; the platform secret is given (keep it to unseal after a restart). Nothing protects
 *       the enclave's memory or the secret.</li>
 *   <li>{@link #gramineSgx}: inside Gramine; the measurement is MRENCLAVE from the local SGX report
 *       ({@code <base>/report}, REPORTBODY.MRENCLAVE at offset 64); the platform secret is the SGX sealing key bound
 *       to MRENCLAVE that Gramine exposes as {@code <base>/keys/_sgx_mrenclave} (16 bytes).</li>
 *   <li>{@link #configfsTsm}: a TDX or SEV-SNP guest; the measurement is read from the platform's own evidence.
 *       configfs-tsm offers no sealing key, so sealing fails on this platform (see the README).</li>
 * </ul>
 */
public final class Platform {
    private final String name;
    private final Function<byte[], Attester> attester;
    private final Function<Attester, byte[]> measurement;
    private final SecretSource secret;

    interface SecretSource {
        byte[] secret();
    }

    private Platform(String name, Function<byte[], Attester> attester, Function<Attester, byte[]> measurement, SecretSource secret) {
        this.name = name;
        this.attester = attester;
        this.measurement = measurement;
        this.secret = secret;
    }

    /**
     * A simulated platform: evidence signed by {@code platformKey} (ECDSA P-256) for an enclave identified by
     * SHA-256 of its artifact, and sealing keys derived from {@code platformSecret} (at least 32 bytes).
     */
    public static Platform simulated(KeyPair platformKey, byte[] platformSecret, byte[] signer, int productId, int svn,
                                     boolean debug) {
        if (platformSecret.length < 32) {
            throw new TrustException("sim platform: the platform secret has " + platformSecret.length + " bytes, expected at least 32");
        }
        byte[] s = platformSecret.clone();
        return new Platform("sim", m -> new SimulatedAttester(platformKey,
                new SimulatedAttester.Identity(m, signer, productId, svn, debug)), null, s::clone);
    }

    /** Gramine SGX with its pseudo-files under {@code base} ({@link GramineSgxAttester#DEFAULT_PATH} in an enclave). */
    public static Platform gramineSgx(Path base) {
        return new Platform("gramine-sgx", m -> new GramineSgxAttester(base), a -> {
            byte[] report = read(base.resolve("report"), "gramine-sgx");
            if (report.length < 96) {
                throw new TrustException("gramine-sgx: " + base.resolve("report") + " has " + report.length
                        + " bytes, expected an SGX report (MRENCLAVE at offset 64)");
            }
            return Arrays.copyOfRange(report, 64, 96);
        }, () -> {
            byte[] key = read(base.resolve("keys").resolve("_sgx_mrenclave"), "gramine-sgx");
            if (key.length != 16) {
                throw new TrustException("gramine-sgx: " + base.resolve("keys/_sgx_mrenclave") + " has " + key.length
                        + " bytes, expected a 16-byte SGX sealing key");
            }
            return key;
        });
    }

    /** A TDX or SEV-SNP guest through configfs-tsm ({@link ConfigfsTsmAttester}). */
    public static Platform configfsTsm(Path reportDir, String entry, ConfigfsTsmAttester.Provider provider) {
        String name = provider == ConfigfsTsmAttester.Provider.TDX ? "tdx" : "sev-snp";
        return new Platform(name, m -> new ConfigfsTsmAttester(reportDir, entry, provider), a -> {
            // the platform's own evidence over throwaway report data is where its measurement is
            byte[] rd = new byte[64];
            new java.security.SecureRandom().nextBytes(rd);
            byte[] ev = a.attest(rd).bytes();
            return provider == ConfigfsTsmAttester.Provider.TDX
                    ? io.coalition.trust.attestation.hw.TdxQuote.parse(ev).measurement()
                    : io.coalition.trust.attestation.hw.SnpReport.parse(ev).measurement();
        }, () -> {
            throw new TrustException(name + ": sealing is not available: configfs-tsm offers no sealing key (use a key "
                    + "released after attestation, e.g. the seed exchange of seed 004)");
        });
    }

    /** {@code sim}, {@code gramine-sgx}, {@code tdx} or {@code sev-snp}. */
    public String name() {
        return name;
    }

    Attester attester(byte[] artifactMeasurement) {
        return attester.apply(artifactMeasurement);
    }

    /** The running enclave's measurement; for sim, the artifact's. */
    byte[] measurement(byte[] artifactMeasurement, Attester a) {
        return measurement == null ? artifactMeasurement : measurement.apply(a);
    }

    byte[] secret() {
        return secret.secret();
    }

    private static byte[] read(Path p, String who) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new TrustException(who + ": cannot read " + p + ": " + e, e);
        }
    }

    @Override
    public String toString() {
        return "Platform[" + name + "]";
    }
}
