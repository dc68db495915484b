package io.coalition.trustedmining.report;

import io.coalition.trust.attestation.AttestationResult;
import io.coalition.trust.attestation.Claims;
import io.coalition.trust.attestation.Evidence;
import io.coalition.trustedmining.Analysis;
import io.coalition.trustedmining.MiningResult;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The report shows the TCB status that hardware verifiers record, and nothing for simulated evidence. */
class MiningReportTcbTest {
    static MiningResult result(String organization, AttestationResult attestation) {
        return new MiningResult("insurer", "00", Set.of(Analysis.DFG), 0, 0,
                List.of(new MiningResult.ProviderReport(organization, "s1", 0, 0, 0, 0, 0, attestation, List.of())), List.of(), 0,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    static AttestationResult attestation(String platform, boolean hardware, Map<String, String> details) {
        Claims c = new Claims(platform, hardware, new byte[32], new byte[32], 0, 0, false, new byte[64], details);
        return new AttestationResult(AttestationResult.Status.WARNING, hardware ? Evidence.SGX_DCAP_QUOTE : Evidence.SIMULATED,
                c, hardware, new byte[32], Instant.parse("2025-07-19T10:01:17Z"));
    }

    @Test
    void hardwareAttestation_showsItsTcbStatusAndAdvisories() {
        String html = MiningReport.html(result("hospital", attestation("sgx", true, Map.of("tcb-status",
                "ConfigurationAndSWHardeningNeeded", "tcb-advisories", "INTEL-SA-00289,INTEL-SA-00615"))), List.of(), null, null);
        assertThat(html).contains("<p class=\"tcb\">hospital: TCB status <b>ConfigurationAndSWHardeningNeeded</b> "
                + "(advisories INTEL-SA-00289, INTEL-SA-00615)</p>");
        String unchecked = MiningReport.html(result("clinic", attestation("tdx", true, Map.of("tcb-status", "not checked"))),
                List.of(), null, null);
        assertThat(unchecked).contains("<p class=\"tcb\">clinic: TCB status <b>not checked</b></p>");
    }

    @Test
    void reportJson_carriesTheTcbStatus(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        io.coalition.trustedmining.ResultFiles.write(result("hospital", attestation("sgx", true, Map.of("tcb-status",
                "OutOfDate", "tcb-advisories", "INTEL-SA-00960"))), dir, List.of());
        var a = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("report.json").toFile())
                .path("providers").get(0).path("attestation");
        assertThat(a.path("tcbStatus").asText()).isEqualTo("OutOfDate");
        assertThat(a.path("tcbAdvisories").get(0).asText()).isEqualTo("INTEL-SA-00960");
    }

    @Test
    void simulatedAttestation_hasNoTcbLine() {
        assertThat(MiningReport.html(result("hospital", attestation("sim", false, Map.of())), List.of(), null, null))
                .doesNotContain("class=\"tcb\"");
    }
}
