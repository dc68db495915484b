package io.coalition.trust.attestation.hw;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of checking a DCAP quote against Intel collateral: the merged TCB status and what it was merged
 * from. A quote that no TCB level fits, or whose collateral fails a check, gets no evaluation: the verifier throws.
 *
 * @param status                  platform, TDX module and QE statuses merged ({@link TcbStatus#merge})
 * @param advisoryIds             Intel security advisories of the matched levels (platform, TDX module, QE), in that order, without repeats
 * @param tcbDate                 the earliest tcbDate of the matched levels (Intel's tcb_level_date_tag)
 * @param platformStatus          the status of the matched TCB Info level
 * @param tdxModuleStatus         for TDX with a TDX module identity (TEE_TCB_SVN[1] &gt; 0), its level's status
 * @param qeStatus                the status of the QE Identity level matched by the QE's ISVSVN
 * @param fmspc                   the platform's FMSPC (lower-case hex)
 * @param tcbEvaluationDataNumber the TCB Info's evaluation data number
 * @param revocationChecked       whether the PCK certificate and PCK CA were checked against current CRLs
 */
public record TcbEvaluation(TcbStatus status, List<String> advisoryIds, Instant tcbDate, TcbStatus platformStatus,
                            Optional<TcbStatus> tdxModuleStatus, TcbStatus qeStatus, String fmspc,
                            int tcbEvaluationDataNumber, boolean revocationChecked) {
    public TcbEvaluation {
        advisoryIds = List.copyOf(advisoryIds);
    }
}
