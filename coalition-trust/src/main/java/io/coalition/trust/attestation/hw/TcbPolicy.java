package io.coalition.trust.attestation.hw;

import io.coalition.trust.TrustException;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which TCB statuses a relying party accepts. The default accepts {@code UpToDate} only; anything else must be
 * listed explicitly ({@code OutOfDate,SWHardeningNeeded}), and {@code Revoked} can never be accepted. Collateral
 * without CRLs (so revocation of the PCK and PCK CA is not checked) is refused unless
 * {@link #allowingUncheckedRevocation()}.
 *
 * @param accepted                  the accepted statuses (always holds UpToDate)
 * @param uncheckedRevocationAllowed whether collateral without CRLs may be used
 */
public record TcbPolicy(Set<TcbStatus> accepted, boolean uncheckedRevocationAllowed) {
    public TcbPolicy {
        if (accepted.contains(TcbStatus.REVOKED)) throw new TrustException("TCB policy: status Revoked can never be accepted");
        EnumSet<TcbStatus> s = EnumSet.of(TcbStatus.UP_TO_DATE);
        s.addAll(accepted);
        accepted = Set.copyOf(s);
    }

    /** UpToDate only, CRLs required. */
    public static TcbPolicy upToDateOnly() {
        return new TcbPolicy(Set.of(), false);
    }

    /**
     * UpToDate plus the statuses named in a comma-separated list of Intel names, e.g. {@code OutOfDate,SWHardeningNeeded}.
     *
     * @throws TrustException naming the unknown status, or Revoked
     */
    public static TcbPolicy accepting(String list) {
        EnumSet<TcbStatus> s = EnumSet.noneOf(TcbStatus.class);
        for (String name : list.split(",")) {
            if (name.isBlank()) continue;
            s.add(TcbStatus.ofIntelName(name.strip(), "TCB policy"));
        }
        return new TcbPolicy(s, false);
    }

    /** The same policy, also accepting collateral without CRLs (revocation not checked). */
    public TcbPolicy allowingUncheckedRevocation() {
        return new TcbPolicy(accepted, true);
    }

    public boolean accepts(TcbStatus status) {
        return accepted.contains(status);
    }

    /**
     * @throws TrustException when revocation was not checked and that is not allowed, or the status is not accepted
     */
    public void check(TcbEvaluation e) {
        if (!e.revocationChecked() && !uncheckedRevocationAllowed) {
            throw new TrustException("TCB policy: the collateral has no CRLs, so revocation of the PCK certificate and "
                    + "PCK CA was not checked; refused unless unchecked revocation is allowed explicitly");
        }
        if (!accepts(e.status())) {
            throw new TrustException("TCB status " + e.status() + (e.advisoryIds().isEmpty() ? "" : " (advisories "
                    + String.join(", ", e.advisoryIds()) + ")") + " is not accepted (accepted: " + describe() + ")");
        }
    }

    /** The accepted statuses in severity order, comma-separated. */
    public String describe() {
        return EnumSet.copyOf(accepted).stream().map(TcbStatus::intelName).collect(Collectors.joining(","));
    }
}
