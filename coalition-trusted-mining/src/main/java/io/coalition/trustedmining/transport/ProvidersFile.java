package io.coalition.trustedmining.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coalition.trust.TrustException;
import io.coalition.trust.pki.ParticipantAttributes;
import io.coalition.trust.pki.Pem;
import io.coalition.trustedmining.TrustedMiningException;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code providers.json}: the providers a miner contacts, in merge tie-break order, each with the certificate it
 * pins. Format (paths relative to the file's folder; {@code sha256} optional, then it must match):
 * <pre>{@code
 * {"providers": [
 *   {"organization": "hospital", "url": "https://10.0.0.5:8443/", "certificate": "hospital.crt",
 *    "sha256": "9f2c...e1"}
 * ]}
 * }</pre>
 * The certificate's organization attribute must equal {@code organization}. Errors name the file and field.
 */
public final class ProvidersFile {
    /** One provider: who, where, and the certificate pinned for it (TLS and release signatures). */
    public record Entry(String organization, URI url, X509Certificate certificate) {
        /** SHA-256 of the certificate's DER encoding, hex. */
        public String fingerprint() {
            return TlsContexts.fingerprint(certificate);
        }
    }

    /** Fields of an entry, in the order the error lists them. */
    private static final Set<String> ENTRY_FIELDS = new java.util.LinkedHashSet<>(
            List.of("organization", "url", "certificate", "sha256"));

    private ProvidersFile() {
    }

    public static List<Entry> read(Path file) {
        ArrayNode list = Wire.listFile(file, "providers");
        Path base = file.toAbsolutePath().getParent();
        List<Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String where = file + ": providers[" + i + "]";
            if (!(list.get(i) instanceof ObjectNode o)) throw new TrustedMiningException(where + ": expected an object");
            Wire.onlyKnownFields(o, ENTRY_FIELDS, where);
            String org = Wire.text(o, "organization", where);
            if (!seen.add(org)) throw new TrustedMiningException(where + ": organization '" + org + "' is listed twice");
            URI url;
            try {
                url = URI.create(Wire.text(o, "url", where));
            } catch (IllegalArgumentException e) {
                throw new TrustedMiningException(where + ".url: not a URL: " + e.getMessage());
            }
            if (!"https".equals(url.getScheme()) || url.getHost() == null || url.getPort() < 1) {
                throw new TrustedMiningException(where + ".url: '" + url + "', expected https://host:port/");
            }
            Path certFile = base.resolve(Wire.text(o, "certificate", where));
            X509Certificate cert;
            try {
                cert = Pem.readCertificate(certFile);
            } catch (TrustException e) {
                throw new TrustedMiningException(where + ".certificate: " + e.getMessage(), e);
            }
            String certOrg = ParticipantAttributes.of(cert).organization();
            if (!org.equals(certOrg)) {
                throw new TrustedMiningException(where + ".certificate: " + certFile + " is for organization '" + certOrg
                        + "', not '" + org + "'");
            }
            JsonNode pin = o.get("sha256");
            if (pin != null && !pin.asText().equalsIgnoreCase(TlsContexts.fingerprint(cert))) {
                throw new TrustedMiningException(where + ".sha256: " + pin.asText() + " does not match " + certFile
                        + " (sha256 " + TlsContexts.fingerprint(cert) + ")");
            }
            entries.add(new Entry(org, url, cert));
        }
        return List.copyOf(entries);
    }
}
