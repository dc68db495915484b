package io.coalition.trust.pki;

import io.coalition.trust.TrustException;

/** The kinds of participant a certificate can attest (seed 004, Table III; seed 000 for the mining roles). */
public enum ParticipantType {
    DATA_PROVIDER("Data Provider"),
    DECIDER("Decider"),
    LOG_PROVIDER("Log Provider"),
    TRUSTED_MINER("Trusted Miner"),
    CCU("CCU"),
    POLICYMAKER("Policymaker"),
    AUDITOR("Auditor");

    private final String label;

    ParticipantType(String label) {
        this.label = label;
    }

    /** The name written into certificates and registries, e.g. {@code Data Provider}. */
    public String label() {
        return label;
    }

    /** Accepts the label ({@code Data Provider}) or the constant name ({@code DATA_PROVIDER}, any case). */
    public static ParticipantType parse(String text) {
        String t = text.trim();
        for (ParticipantType p : values()) {
            if (p.label.equalsIgnoreCase(t) || p.name().equalsIgnoreCase(t.replace(' ', '_').replace('-', '_'))) {
                return p;
            }
        }
        throw new TrustException("unknown participant type '" + text + "'; expected one of "
                + java.util.Arrays.stream(values()).map(ParticipantType::label).toList());
    }

    @Override
    public String toString() {
        return label;
    }
}
