package io.coalition.trust.pki;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.coalition.trust.TrustException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PKI's parsers of untrusted input: PEM files (certificate, CSR, CRL, private key) and the participant
 * attributes extension. Each returns a value or throws {@link TrustException}; nothing else may escape.
 */
class PkiParsersFuzzTest {
    private static final Path FILE = tempFile();

    private static Path tempFile() {
        try {
            Path dir = Files.createTempDirectory("coalition-pem-fuzz");
            dir.toFile().deleteOnExit();
            Path file = dir.resolve("input.pem");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void pemFiles(byte[] input) throws IOException {
        Files.write(FILE, input);
        try {
            assertThat(Pem.readCertificate(FILE).getEncoded()).isNotEmpty();
        } catch (TrustException expected) {
            // refused with a reason
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new AssertionError(e);
        }
        try {
            assertThat(Pem.readCsr(FILE).getSubject()).isNotNull();
        } catch (TrustException expected) {
            // refused with a reason
        }
        try {
            assertThat(Pem.readCrl(FILE).getIssuerX500Principal()).isNotNull();
        } catch (TrustException expected) {
            // refused with a reason
        }
        try {
            assertThat(Pem.readPrivateKey(FILE).getAlgorithm()).isNotEmpty();
        } catch (TrustException expected) {
            // refused with a reason
        }
    }

    @FuzzTest(maxDuration = "2m")
    void participantAttributes(byte[] extensionValue) {
        ParticipantAttributes a;
        try {
            a = ParticipantAttributes.decode(extensionValue);
        } catch (TrustException expected) {
            return;
        }
        assertThat(ParticipantAttributes.decode(a.encoded())).isEqualTo(a);
    }
}
