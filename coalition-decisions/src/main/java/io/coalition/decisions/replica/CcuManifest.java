package io.coalition.decisions.replica;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coalition.decisions.DecisionsException;
import io.coalition.trust.TrustException;
import io.coalition.trust.attestation.ReferenceValues;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which CCU enclaves a replica accepts as peers in the seed exchange: the measurements of the released CCU
 * artifacts, and whether simulated (sim) evidence is acceptable (demos and tests only). A manifest file is JSON:
 * {@code {"measurements": ["<64 hex>", ...], "simulationAllowed": false, "minimumSvn": 0}}.
 */
public record CcuManifest(ReferenceValues accepted) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static CcuManifest of(Set<String> measurementsHex, boolean simulationAllowed) {
        return new CcuManifest(new ReferenceValues(measurementsHex, Optional.empty(), Optional.empty(), 0, false,
                simulationAllowed));
    }

    /** Reads a manifest file; errors name the file and the field. */
    public static CcuManifest read(Path file) {
        JsonNode o;
        try {
            o = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new DecisionsException("CCU manifest " + file + ": cannot read JSON: " + e.getMessage(), e);
        }
        JsonNode m = o == null ? null : o.get("measurements");
        if (m == null || !m.isArray() || m.isEmpty()) {
            throw new DecisionsException("CCU manifest " + file + ": measurements must be a non-empty array of hex strings");
        }
        Set<String> measurements = new LinkedHashSet<>();
        for (int i = 0; i < m.size(); i++) {
            if (!m.get(i).isTextual() || !m.get(i).asText().matches("[0-9a-fA-F]{64}|[0-9a-fA-F]{96}")) {
                throw new DecisionsException("CCU manifest " + file + ": measurements[" + i + "] is not a SHA-256 or "
                        + "SHA-384 measurement in hex (64 or 96 hex digits)");
            }
            measurements.add(m.get(i).asText());
        }
        JsonNode sim = o.path("simulationAllowed");
        if (!sim.isMissingNode() && !sim.isBoolean()) {
            throw new DecisionsException("CCU manifest " + file + ": simulationAllowed must be true or false");
        }
        long svn = o.path("minimumSvn").asLong(0);
        try {
            return new CcuManifest(new ReferenceValues(measurements, Optional.empty(), Optional.empty(), svn, false,
                    sim.asBoolean(false)));
        } catch (TrustException e) {
            throw new DecisionsException("CCU manifest " + file + ": " + e.getMessage(), e);
        }
    }
}
