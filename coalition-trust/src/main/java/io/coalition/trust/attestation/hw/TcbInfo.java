package io.coalition.trust.attestation.hw;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Intel TCB Info v2 (SGX, {@code sgxtcbcompNNsvn} keys) or v3 (SGX or TDX, component arrays, TDX module
 * identities), as served by Intel PCS {@code /sgx|tdx/certification/v3|v4/tcb}. Levels are kept in file order,
 * which PCS sorts from the highest TCB down; matching takes the first level the platform reaches.
 */
record TcbInfo(SignedJson signed, String id, int version, Instant issueDate, Instant nextUpdate, String fmspc,
               String pceId, int tcbEvaluationDataNumber, Module tdxModule, List<Module> tdxModuleIdentities,
               List<Level> levels) {
    /** @param tdx the 16 TDX TCB component SVNs, null for SGX TCB Info */
    record Level(int[] sgx, int pceSvn, int[] tdx, Instant date, TcbStatus status, List<String> advisories) {
    }

    /** A TDX module identity (v3 {@code tdxModule} has no id and no levels). */
    record Module(String id, byte[] mrSigner, byte[] attributes, byte[] attributesMask, List<EnclaveLevel> levels) {
    }

    /** An ISVSVN-keyed level (TDX module identities, QE Identity). */
    record EnclaveLevel(int isvSvn, Instant date, TcbStatus status, List<String> advisories) {
    }

    static TcbInfo parse(SignedJson s) {
        JsonNode r = s.root();
        int version = s.integer(r, "", "version", 1000);
        if (version != 2 && version != 3) throw s.error("version", "is " + version + ", expected 2 or 3");
        String id = version == 2 ? "SGX" : s.text(r, "", "id");
        if (!id.equals("SGX") && !id.equals("TDX")) throw s.error("id", "is '" + id + "', expected SGX or TDX");
        if (s.integer(r, "", "tcbType", 1000) != 0) throw s.error("tcbType", "is " + r.get("tcbType") + ", expected 0");
        String fmspc = java.util.HexFormat.of().formatHex(s.hex(r, "", "fmspc", 6));
        String pceId = java.util.HexFormat.of().formatHex(s.hex(r, "", "pceId", 2));
        Module module = null;
        List<Module> identities = new ArrayList<>();
        if (id.equals("TDX")) {
            module = module(s, s.node(r, "", "tdxModule"), "tdxModule.", false);
            JsonNode ids = r.get("tdxModuleIdentities");
            if (ids != null) {
                if (!ids.isArray()) throw s.error("tdxModuleIdentities", "is not an array");
                for (int i = 0; i < ids.size(); i++) {
                    identities.add(module(s, ids.get(i), "tdxModuleIdentities[" + i + "].", true));
                }
            }
        }
        JsonNode levels = s.array(r, "", "tcbLevels");
        List<Level> out = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            String path = "tcbLevels[" + i + "].";
            JsonNode level = levels.get(i);
            JsonNode tcb = s.node(level, path, "tcb");
            String tp = path + "tcb.";
            int[] sgx = new int[16];
            int[] tdx = null;
            if (version == 2) {
                for (int c = 0; c < 16; c++) sgx[c] = s.integer(tcb, tp, String.format(Locale.ROOT, "sgxtcbcomp%02dsvn", c + 1), 255);
            } else {
                sgx = components(s, tcb, tp, "sgxtcbcomponents");
                if (id.equals("TDX")) tdx = components(s, tcb, tp, "tdxtcbcomponents");
            }
            out.add(new Level(sgx, s.integer(tcb, tp, "pcesvn", 65535), tdx, s.instant(level, path, "tcbDate"),
                    TcbStatus.ofIntelName(s.text(level, path, "tcbStatus"), s.what() + " (" + s.source() + ") field " + path + "tcbStatus"),
                    s.strings(level, path, "advisoryIDs")));
        }
        return new TcbInfo(s, id, version, s.instant(r, "", "issueDate"), s.instant(r, "", "nextUpdate"), fmspc, pceId,
                s.integer(r, "", "tcbEvaluationDataNumber", Integer.MAX_VALUE), module, List.copyOf(identities), List.copyOf(out));
    }

    private static int[] components(SignedJson s, JsonNode tcb, String path, String field) {
        JsonNode a = s.array(tcb, path, field);
        if (a.size() != 16) throw s.error(path + field, "has " + a.size() + " components, expected 16");
        int[] out = new int[16];
        for (int i = 0; i < 16; i++) out[i] = s.integer(a.get(i), path + field + "[" + i + "].", "svn", 255);
        return out;
    }

    private static Module module(SignedJson s, JsonNode m, String path, boolean identity) {
        List<EnclaveLevel> levels = identity ? enclaveLevels(s, m, path) : List.of();
        return new Module(identity ? s.text(m, path, "id") : null, s.hex(m, path, "mrsigner", 48),
                s.hex(m, path, "attributes", 8), s.hex(m, path, "attributesMask", 8), levels);
    }

    static List<EnclaveLevel> enclaveLevels(SignedJson s, JsonNode parent, String path) {
        JsonNode levels = s.array(parent, path, "tcbLevels");
        List<EnclaveLevel> out = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            String p = path + "tcbLevels[" + i + "].";
            JsonNode level = levels.get(i);
            out.add(new EnclaveLevel(s.integer(s.node(level, p, "tcb"), p + "tcb.", "isvsvn", 65535),
                    s.instant(level, p, "tcbDate"),
                    TcbStatus.ofIntelName(s.text(level, p, "tcbStatus"), s.what() + " (" + s.source() + ") field " + p + "tcbStatus"),
                    s.strings(level, p, "advisoryIDs")));
        }
        return List.copyOf(out);
    }
}
