package io.coalition.trustedmining;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coalition.eventlog.io.AtomicFiles;
import io.coalition.mining.bpmn.BpmnExport;
import io.coalition.mining.declare.Declare;
import io.coalition.mining.dfg.DfgDot;
import io.coalition.mining.petri.Pnml;
import io.coalition.mining.tree.Ptml;
import io.coalition.trust.notary.Receipt;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes a {@link MiningResult} into a folder: the models (PNML, BPMN, PTML, DOT, Declare JSON), {@code report.json}
 * (counts, each organization's contribution, attestation verdicts, notary receipts) and {@code report.html}. Each
 * file is written atomically (temp file, fsync, move).
 */
public final class ResultFiles {
    private ResultFiles() {
    }

    /**
     * Whether heuristics.bpmn is written: BPMN export needs a workflow net (one initially and one finally marked
     * place). A CONFINE heuristics net of a log with several end activities has a sink place per end activity and
     * no final marking (e.g. the demo's 20 cases); it is then written as PNML only, not refused.
     */
    public static boolean hasBpmn(io.coalition.mining.petri.AcceptingPetriNet net) {
        return net.initial().tokens().size() == 1 && net.fin().tokens().size() == 1;
    }

    /** Writes the files and returns their paths, in writing order. */
    public static List<Path> write(MiningResult r, Path dir) {
        List<Path> written = new ArrayList<>();
        r.heuristicsPetriNet().ifPresent(net -> {
            written.add(put(dir.resolve("heuristics.pnml"), out -> Pnml.write(net, out)));
            if (hasBpmn(net)) {
                Path bpmn = dir.resolve("heuristics.bpmn");
                BpmnExport.write(net, bpmn);
                written.add(bpmn);
            }
        });
        r.dfg().ifPresent(dfg -> written.add(put(dir.resolve("dfg.dot"), out -> out.write(DfgDot.of(dfg).getBytes(StandardCharsets.UTF_8)))));
        r.inductiveTree().ifPresent(tree -> {
            written.add(put(dir.resolve("inductive.ptml"), out -> Ptml.write(tree, out)));
            Path bpmn = dir.resolve("inductive.bpmn");
            BpmnExport.write(tree, bpmn);
            written.add(bpmn);
        });
        r.inductivePetriNet().ifPresent(net -> written.add(put(dir.resolve("inductive.pnml"), out -> Pnml.write(net, out))));
        r.declare().ifPresent(model -> {
            Path json = dir.resolve("declare.json");
            Declare.write(model, json);
            written.add(json);
        });
        r.declareConformance().ifPresent(c -> {
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("traces", c.traces().size());
            o.put("fittingTraces", c.fittingTraces());
            o.put("fitness", c.fitness());
            o.put("violations", c.violations());
            ArrayNode traces = o.putArray("perTrace");
            for (var t : c.traces()) {
                ObjectNode x = traces.addObject();
                x.put("case", t.caseId());
                x.put("dev_fitness", t.fitness());
                x.put("is_fit", t.isFit());
                x.put("no_constr_total", t.constraints());
                x.put("no_dev_total", t.violations());
            }
            written.add(put(dir.resolve("declare-conformance.json"), out -> new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT).writeValue(out, o)));
        });
        ObjectNode report = report(r);
        written.add(put(dir.resolve("report.json"), out -> new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out, report)));
        written.add(put(dir.resolve("report.html"), out -> out.write(html(r).getBytes(StandardCharsets.UTF_8))));
        return written;
    }

    private static Path put(Path file, AtomicFiles.Content content) {
        AtomicFiles.write(file, content);
        return file;
    }

    static ObjectNode report(MiningResult r) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("requester", r.requester());
        root.put("minerMeasurement", r.minerMeasurement());
        ArrayNode analyses = root.putArray("analyses");
        r.analyses().stream().sorted().forEach(a -> analyses.add(a.id()));
        root.put("cases", r.cases());
        root.put("events", r.events());
        root.put("partial", r.partial());
        ArrayNode unavailable = root.putArray("unavailable");
        r.unavailable().forEach(unavailable::add);
        root.put("incompleteCases", r.incompleteCases());
        ArrayNode providers = root.putArray("providers");
        for (MiningResult.ProviderReport p : r.providers()) {
            ObjectNode o = providers.addObject();
            o.put("organization", p.organization());
            o.put("session", p.session());
            o.put("segments", p.segments());
            o.put("events", p.events());
            o.put("cases", p.cases());
            ObjectNode a = o.putObject("attestation");
            a.put("status", p.attestation().status().ear());
            a.put("mediaType", p.attestation().mediaType());
            a.put("measurement", p.attestation().claims().measurementHex());
            a.put("hardwareBacked", p.attestation().hardwareBacked());
            a.put("time", p.attestation().issuedAt().toString());
            p.attestation().claims().tcbStatus().ifPresent(t -> {
                a.put("tcbStatus", t);
                ArrayNode advisories = a.putArray("tcbAdvisories");
                p.attestation().claims().tcbAdvisories().forEach(advisories::add);
            });
            ArrayNode receipts = o.putArray("receipts");
            for (Receipt rc : p.receipts()) {
                ObjectNode x = receipts.addObject();
                x.put("sha256", HexFormat.of().formatHex(rc.hash()));
                x.put("notary", rc.notary());
                x.put("position", rc.position());
                x.put("time", rc.time().toString());
            }
        }
        return root;
    }

    static String html(MiningResult r) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Coalition trusted mining</title>"
                + "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}</style>"
                + "</head><body>\n<h1>Trusted inter-organizational mining</h1>\n");
        h.append("<p>Requester <b>").append(esc(r.requester())).append("</b>; Trusted Miner measurement <code>")
                .append(esc(r.minerMeasurement())).append("</code>; ").append(r.cases()).append(" merged cases, ")
                .append(r.events()).append(" events.</p>\n<h2>Contributions and attestation</h2>\n<table><tr><th>organization</th>"
                        + "<th>events</th><th>cases</th><th>segments</th><th>attestation</th><th>hardware</th><th>notary receipts</th></tr>\n");
        for (MiningResult.ProviderReport p : r.providers()) {
            h.append("<tr><td>").append(esc(p.organization())).append("</td><td>").append(p.events()).append("</td><td>")
                    .append(p.cases()).append("</td><td>").append(p.segments()).append("</td><td>")
                    .append(esc(p.attestation().status().ear())).append("</td><td>").append(p.attestation().hardwareBacked())
                    .append("</td><td>").append(p.receipts().size()).append(" (positions ")
                    .append(p.receipts().isEmpty() ? "-" : p.receipts().get(0).position() + ".." + p.receipts().get(p.receipts().size() - 1).position())
                    .append(")</td></tr>\n");
        }
        h.append("</table>\n");
        if (r.partial()) {
            h.append("<p><b>Partial result:</b> unavailable ").append(esc(String.join(", ", r.unavailable()))).append("; ")
                    .append("the ").append(r.cases()).append(" cases were mined without their events (")
                    .append(r.incompleteCases()).append(" of them cut off mid-transfer).</p>\n");
        }
        r.dfg().ifPresent(dfg -> {
            h.append("<h2>Process map (directly-follows graph)</h2>\n<table><tr><th>from</th><th>to</th><th>count</th><th>mean duration (s)</th></tr>\n");
            for (var e : dfg.edges()) {
                h.append("<tr><td>").append(esc(e.source())).append("</td><td>").append(esc(e.target())).append("</td><td>")
                        .append(e.count()).append("</td><td>").append(String.format(java.util.Locale.ROOT, "%.1f", e.meanSeconds()))
                        .append("</td></tr>\n");
            }
            h.append("</table>\n");
        });
        r.heuristicsPetriNet().ifPresent(net -> h.append("<p>Heuristics net (CONFINE preset): ").append(net.net().places().size())
                .append(" places, ").append(net.net().transitions().size()).append(" transitions; see heuristics.pnml / heuristics.bpmn.</p>\n"));
        r.inductivePetriNet().ifPresent(net -> h.append("<p>")
                .append(r.analyses().contains(Analysis.INDUCTIVE_DFG) ? "Inductive Miner (DFG-based, IMd)" : "Inductive Miner")
                .append(": ").append(net.net().places().size()).append(" places, ").append(net.net().transitions().size())
                .append(" transitions; see inductive.ptml / inductive.pnml / inductive.bpmn.</p>\n"));
        r.declareConformance().ifPresent(c -> h.append("<p>Declare conformance: ").append(c.fittingTraces()).append(" of ")
                .append(c.traces().size()).append(" cases fit; see declare-conformance.json.</p>\n"));
        r.declare().ifPresent(d -> h.append("<p>Declare model: ").append(d.size()).append(" constraints; see declare.json.</p>\n"));
        h.append("<p>Simulated TEE evidence is not hardware-backed: the verdict is ").append("'warning', as the attestation layer reports it.</p>\n");
        return h.append("</body></html>\n").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
