package io.coalition.trust.attestation;

import io.coalition.trust.TrustException;
import io.coalition.trust.attestation.hw.SgxQuote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The {@code gramine-sgx} backend: an SGX DCAP quote through Gramine's attestation pseudo-files under a base
 * path ({@code /dev/attestation} inside a Gramine enclave): it checks that {@code attestation_type} is
 * {@code dcap}, writes the 64 bytes of report data to {@code user_report_data}, reads {@code quote}, and checks
 * that the quote carries exactly that report data (else the quote is stale or another thread raced it).
 * Gramine serializes the write-then-read within one enclave; callers must not share an instance across threads
 * without this class's lock, which {@link #attest} takes.
 */
public final class GramineSgxAttester implements Attester {
    /** Where Gramine mounts the files inside an enclave. */
    public static final Path DEFAULT_PATH = Path.of("/dev/attestation");
    private final Path base;

    public GramineSgxAttester(Path base) {
        this.base = base;
    }

    @Override
    public String mediaType() {
        return Evidence.SGX_DCAP_QUOTE;
    }

    @Override
    public synchronized Evidence attest(byte[] reportData) {
        if (reportData.length != 64) throw new TrustException("gramine-sgx: report data has " + reportData.length + " bytes, expected 64");
        Path type = base.resolve("attestation_type");
        if (!Files.isRegularFile(type)) {
            throw new TrustException("gramine-sgx: " + type + " does not exist: not running inside a Gramine SGX enclave "
                    + "with remote attestation enabled (sgx.remote_attestation = \"dcap\")");
        }
        String kind = read(type, "attestation type").trim();
        if (!kind.equals("dcap")) {
            throw new TrustException("gramine-sgx: " + type + " says '" + kind + "', expected 'dcap' (set sgx.remote_attestation = \"dcap\" in the manifest)");
        }
        Path user = base.resolve("user_report_data");
        try {
            Files.write(user, reportData, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new TrustException("gramine-sgx: cannot write " + user + ": " + e, e);
        }
        Path quoteFile = base.resolve("quote");
        byte[] raw;
        try {
            raw = Files.readAllBytes(quoteFile);
        } catch (IOException e) {
            throw new TrustException("gramine-sgx: cannot read " + quoteFile + ": " + e, e);
        }
        SgxQuote quote;
        try {
            quote = SgxQuote.parse(raw);
        } catch (TrustException e) {
            throw new TrustException("gramine-sgx: " + quoteFile + ": " + e.getMessage(), e);
        }
        if (!MessageDigest.isEqual(quote.reportData(), reportData)) {
            throw new TrustException("gramine-sgx: the quote in " + quoteFile + " carries report data "
                    + HexFormat.of().formatHex(quote.reportData()) + ", not the report data written to " + user);
        }
        return new Evidence(Evidence.SGX_DCAP_QUOTE, quote.encoded());
    }

    private static String read(Path p, String what) {
        try {
            return Files.readString(p, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new TrustException("gramine-sgx: cannot read the " + what + " " + p + ": " + e, e);
        }
    }
}
