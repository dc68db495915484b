package io.coalition.trust.attestation.hw;

import io.coalition.trust.TrustException;

/**
 * TCB status of an Intel platform, TDX module or Quoting Enclave, as Intel's TCB Info and QE Identity name it
 * (Intel PCS API v4, "TCB Info" and "Enclave Identity"; {@link #intelName()} is the JSON spelling).
 *
 * <p>Merging follows Intel's quote verification library: each status is a set of conditions (software hardening
 * needed, configuration needed, out of date, revoked) and the merged status holds the conditions of both, where
 * out of date absorbs software hardening ({@code OutOfDate} + {@code ConfigurationAndSWHardeningNeeded} =
 * {@code OutOfDateConfigurationNeeded}) and revoked absorbs everything.
 */
public enum TcbStatus {
    UP_TO_DATE("UpToDate", false, false, false),
    SW_HARDENING_NEEDED("SWHardeningNeeded", true, false, false),
    CONFIGURATION_NEEDED("ConfigurationNeeded", false, true, false),
    CONFIGURATION_AND_SW_HARDENING_NEEDED("ConfigurationAndSWHardeningNeeded", true, true, false),
    OUT_OF_DATE("OutOfDate", false, false, true),
    OUT_OF_DATE_CONFIGURATION_NEEDED("OutOfDateConfigurationNeeded", false, true, true),
    REVOKED("Revoked", false, false, false);

    private final String intelName;
    private final boolean swHardening;
    private final boolean configuration;
    private final boolean outOfDate;

    TcbStatus(String intelName, boolean swHardening, boolean configuration, boolean outOfDate) {
        this.intelName = intelName;
        this.swHardening = swHardening;
        this.configuration = configuration;
        this.outOfDate = outOfDate;
    }

    /** Intel's name, e.g. {@code ConfigurationAndSWHardeningNeeded}. */
    public String intelName() {
        return intelName;
    }

    /**
     * The status Intel names {@code name} (exact spelling).
     *
     * @throws TrustException naming {@code where} when the name is unknown
     */
    public static TcbStatus ofIntelName(String name, String where) {
        for (TcbStatus s : values()) if (s.intelName.equals(name)) return s;
        throw new TrustException(where + ": unknown TCB status '" + name + "' (expected one of UpToDate, "
                + "SWHardeningNeeded, ConfigurationNeeded, ConfigurationAndSWHardeningNeeded, OutOfDate, "
                + "OutOfDateConfigurationNeeded, Revoked)");
    }

    /** This status merged with {@code other} (see the class comment); commutative. */
    public TcbStatus merge(TcbStatus other) {
        if (this == REVOKED || other == REVOKED) return REVOKED;
        boolean old = outOfDate || other.outOfDate;
        boolean config = configuration || other.configuration;
        boolean sw = swHardening || other.swHardening;
        if (old) return config ? OUT_OF_DATE_CONFIGURATION_NEEDED : OUT_OF_DATE;
        if (config) return sw ? CONFIGURATION_AND_SW_HARDENING_NEEDED : CONFIGURATION_NEEDED;
        return sw ? SW_HARDENING_NEEDED : UP_TO_DATE;
    }

    @Override
    public String toString() {
        return intelName;
    }
}
