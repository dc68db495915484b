package io.coalition.trust.pki;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coalition.trust.TrustException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The registration authority's list of approved participants and the attributes each may hold. As JSON:
 * <pre>{@code
 * {"participants": [
 *   {"subject": "Central Medical Hub", "identificationNumber": "IT-001-2000", "role": "MedicalHub",
 *    "country": "Italy", "organization": "Regional Health Service",
 *    "participantTypes": ["Data Provider", "Decider"], "idCheck": true}
 * ]}
 * }</pre>
 * {@code organization} is optional; {@code country} is an ISO 3166-1 alpha-2 code or an English country name.
 */
public final class ParticipantRegistry {
    private final Map<String, ParticipantAttributes> approved;

    private ParticipantRegistry(Map<String, ParticipantAttributes> approved) {
        this.approved = Map.copyOf(approved);
    }

    public static ParticipantRegistry of(Map<String, ParticipantAttributes> approved) {
        return new ParticipantRegistry(approved);
    }

    public static ParticipantRegistry load(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new TrustException("registry " + file + ": cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.path("participants").isArray()) {
            throw new TrustException("registry " + file + ": expected an object with a \"participants\" array");
        }
        Map<String, ParticipantAttributes> map = new LinkedHashMap<>();
        int i = 0;
        for (JsonNode p : root.get("participants")) {
            String where = "registry " + file + ": participants[" + i++ + "]";
            try {
                String subject = text(p, "subject", where);
                Set<ParticipantType> types = EnumSet.noneOf(ParticipantType.class);
                if (!p.path("participantTypes").isArray()) throw new TrustException("participantTypes: expected an array");
                for (JsonNode t : p.get("participantTypes")) types.add(ParticipantType.parse(t.asText()));
                if (!p.path("idCheck").isBoolean()) throw new TrustException("idCheck: expected true or false");
                ParticipantAttributes a = new ParticipantAttributes(text(p, "identificationNumber", where),
                        text(p, "role", where), text(p, "country", where),
                        p.hasNonNull("organization") ? p.get("organization").asText() : null, types,
                        p.get("idCheck").asBoolean());
                if (map.put(subject, a) != null) throw new TrustException("subject \"" + subject + "\" is listed twice");
            } catch (TrustException e) {
                throw new TrustException(where + ": " + e.getMessage(), e);
            }
        }
        return new ParticipantRegistry(map);
    }

    private static String text(JsonNode p, String field, String where) {
        if (!p.path(field).isTextual()) throw new TrustException(field + ": expected a string");
        return p.get(field).asText();
    }

    /** The attributes approved for this subject (its common name), if it is registered. */
    public Optional<ParticipantAttributes> approved(String subject) {
        return Optional.ofNullable(approved.get(subject));
    }
}
