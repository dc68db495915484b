package io.coalition.trust.attestation.hw;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * Intel QE Identity v2 ({@code enclaveIdentity} of PCS {@code /sgx|tdx/certification/v4/qe/identity}): which
 * Quoting Enclave is Intel's (MRSIGNER, ISVPRODID, MISCSELECT and ATTRIBUTES under their masks) and the TCB
 * status of each QE ISVSVN. Id {@code QE} for SGX quotes, {@code TD_QE} for TDX quotes.
 */
record QeIdentity(SignedJson signed, String id, Instant issueDate, Instant nextUpdate, int tcbEvaluationDataNumber,
                  byte[] miscSelect, byte[] miscSelectMask, byte[] attributes, byte[] attributesMask, byte[] mrSigner,
                  int isvProdId, List<TcbInfo.EnclaveLevel> levels) {
    static QeIdentity parse(SignedJson s) {
        JsonNode r = s.root();
        int version = s.integer(r, "", "version", 1000);
        if (version != 2) throw s.error("version", "is " + version + ", expected 2");
        String id = s.text(r, "", "id");
        if (!id.equals("QE") && !id.equals("TD_QE")) throw s.error("id", "is '" + id + "', expected QE or TD_QE");
        return new QeIdentity(s, id, s.instant(r, "", "issueDate"), s.instant(r, "", "nextUpdate"),
                s.integer(r, "", "tcbEvaluationDataNumber", Integer.MAX_VALUE), s.hex(r, "", "miscselect", 4),
                s.hex(r, "", "miscselectMask", 4), s.hex(r, "", "attributes", 16), s.hex(r, "", "attributesMask", 16),
                s.hex(r, "", "mrsigner", 32), s.integer(r, "", "isvprodid", 65535), TcbInfo.enclaveLevels(s, r, ""));
    }
}
