package io.coalition.trustedmining;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coalition.eventlog.io.AtomicFiles;
import io.coalition.mining.bpmn.BpmnExport;
import io.coalition.mining.declare.Declare;
import io.coalition.mining.dfg.DfgDot;
import io.coalition.mining.Graphviz;
import io.coalition.mining.MiningException;
import io.coalition.mining.petri.Dot;
import io.coalition.mining.petri.Pnml;
import io.coalition.mining.tree.Ptml;
import io.coalition.trust.notary.Receipt;
import io.coalition.trustedmining.report.MiningReport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Writes a {@link MiningResult} into a folder, the one writer of every run's result files ({@code miner run},
 * {@code trusted-mining run}, the demo): the models (PNML, BPMN, PTML, DOT, Declare JSON), {@code report.json}
 * (counts, each organization's contribution, attestation verdicts, notary receipts), SVG renderings when Graphviz's
 * {@code dot} is installed ({@code process-map.svg} from the DFG, {@code heuristics.svg}, {@code inductive.svg}),
 * {@code statistics.json} and {@code report.html} ({@link MiningReport}). Each file is written atomically (temp
 * file, fsync, move).
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

    /** What was written: the files in order, and why SVG is missing if it is. */
    public record Written(List<Path> files, Optional<String> svgUnavailable) {
        public Written {
            files = List.copyOf(files);
        }
    }

    /**
     * Writes every result file; {@code endpoints} (the providers' URLs and pinned certificates, empty in-process)
     * go into report.html.
     */
    public static Written write(MiningResult r, Path dir, List<MiningReport.Endpoint> endpoints) {
        List<Path> written = models(r, dir);
        ObjectNode report = report(r);
        written.add(put(dir.resolve("report.json"), out -> new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out, report)));
        String svgProblem = null;
        String processMap = null;
        try {
            if (r.dfg().isPresent()) {
                processMap = Graphviz.toSvg(DfgDot.of(r.dfg().get()));
                written.add(text(dir.resolve("process-map.svg"), processMap));
            }
            if (r.heuristicsPetriNet().isPresent()) {
                written.add(text(dir.resolve("heuristics.svg"), Graphviz.toSvg(Dot.of(r.heuristicsPetriNet().get()))));
            }
            if (r.inductivePetriNet().isPresent()) {
                written.add(text(dir.resolve("inductive.svg"), Graphviz.toSvg(Dot.of(r.inductivePetriNet().get()))));
            }
        } catch (MiningException e) {
            svgProblem = e.getMessage();
        }
        ObjectNode statistics = MiningReport.statistics(r);
        written.add(put(dir.resolve("statistics.json"), out -> new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out, statistics)));
        written.add(text(dir.resolve("report.html"), MiningReport.html(r, endpoints, processMap, svgProblem)));
        return new Written(written, Optional.ofNullable(svgProblem));
    }

    /** The model files of the analyses that ran. */
    private static List<Path> models(MiningResult r, Path dir) {
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
        return written;
    }

    private static Path put(Path file, AtomicFiles.Content content) {
        AtomicFiles.write(file, content);
        return file;
    }

    private static Path text(Path file, String content) {
        return put(file, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
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
        ArrayNode warnings = root.putArray("warnings");
        r.warnings().forEach(warnings::add);
        ArrayNode providers = root.putArray("providers");
        for (MiningResult.ProviderReport p : r.providers()) {
            ObjectNode o = providers.addObject();
            o.put("organization", p.organization());
            o.put("session", p.session());
            o.put("segments", p.segments());
            o.put("events", p.events());
            o.put("cases", p.cases());
            o.put("casesShared", p.sharedCases());
            o.put("casesReleased", p.releasedCases());
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
}
