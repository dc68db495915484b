package io.coalition.trust.attestation;

import io.coalition.eventlog.TestData;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Recorded hardware evidence from ../shared/data/attestation, read in place. */
final class Recorded {
    private Recorded() {
    }

    static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(TestData.require("attestation/" + relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<X509Certificate> certificates(String relative) {
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes(relative)))) {
                out.add((X509Certificate) c);
            }
            return out;
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate intelRoot() {
        return certificates("sgx/intel-sgx-root-ca.der").get(0);
    }

    static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }
}
