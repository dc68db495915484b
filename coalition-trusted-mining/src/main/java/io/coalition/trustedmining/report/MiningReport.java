package io.coalition.trustedmining.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coalition.mining.dfg.Dfg;
import io.coalition.trust.attestation.AttestationResult;
import io.coalition.trust.notary.Receipt;
import io.coalition.trustedmining.Analysis;
import io.coalition.trustedmining.MiningResult;
import io.coalition.trustedmining.ResultFiles;

import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The requester's view of a trusted mining run, which {@link ResultFiles} writes: {@code statistics.json} and
 * {@code report.html} (the process map inlined, each organization's contribution in events and released cases, the
 * attestation result per provider (labelled simulated when not hardware-backed), the network endpoints and pins,
 * and every notary receipt). Built only from the {@link MiningResult}: no event leaves the miner for it.
 */
public final class MiningReport {
    /** A provider as the miner reached it: its URL and the SHA-256 of the certificate it pinned. */
    public record Endpoint(String organization, String url, String certificateSha256) {
    }

    private MiningReport() {
    }

    /** statistics.json: counts, per provider events, cases released, segments, share and receipts, activities. */
    public static ObjectNode statistics(MiningResult r) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("cases", r.cases());
        o.put("events", r.events());
        o.put("partial", r.partial());
        ArrayNode unavailable = o.putArray("unavailable");
        r.unavailable().forEach(unavailable::add);
        o.put("incompleteCases", r.incompleteCases());
        ArrayNode warnings = o.putArray("warnings");
        r.warnings().forEach(warnings::add);
        ArrayNode providers = o.putArray("providers");
        for (MiningResult.ProviderReport p : r.providers()) {
            ObjectNode x = providers.addObject();
            x.put("organization", p.organization());
            x.put("events", p.events());
            x.put("cases", p.cases());
            x.put("casesShared", p.sharedCases());
            x.put("casesReleased", p.releasedCases());
            x.put("segments", p.segments());
            x.put("eventShare", r.events() == 0 ? 0.0 : (double) p.events() / r.events());
            x.put("receipts", p.receipts().size());
        }
        r.dfg().ifPresent(dfg -> {
            ObjectNode activities = o.putObject("activities");
            for (String a : dfg.activities()) activities.put(a, dfg.activityCount(a));
            ArrayNode starts = o.putArray("startActivities");
            dfg.startActivities().forEach(starts::add);
            ArrayNode ends = o.putArray("endActivities");
            dfg.endActivities().forEach(ends::add);
            o.put("directlyFollowsEdges", dfg.edges().size());
        });
        return o;
    }

    /** report.html; {@code processMap} is the DFG's SVG (null: a table instead, {@code svgProblem} says why). */
    public static String html(MiningResult r, List<Endpoint> endpoints, String processMap, String svgProblem) {
        boolean simulated = r.providers().stream().anyMatch(p -> !p.attestation().hardwareBacked());
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Coalition trusted mining report</title><style>body{font-family:sans-serif;margin:2em;max-width:1200px}"
                + "table{border-collapse:collapse;margin-bottom:1em}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}"
                + "td.n{text-align:right}.warn{background:#fff3cd;padding:.5em 1em;border:1px solid #e0c060}"
                + "code{font-size:90%}svg{max-width:100%;height:auto}</style></head><body>\n");
        h.append("<h1>Trusted inter-organizational process mining</h1>\n");
        if (simulated) {
            h.append("<p class=\"warn\" id=\"simulated\"><b>SIMULATED TEE.</b> The Trusted Miner ran on the <code>sim</code> "
                    + "backend: its evidence is signed by a software platform key, not by TEE hardware. The attestation "
                    + "checks ran, but they prove only what the simulation claims.</p>\n");
        }
        if (r.partial()) {
            h.append("<p class=\"warn\" id=\"partial\"><b>PARTIAL RESULT.</b> Unavailable: ").append(esc(String.join(", ", r.unavailable())))
                    .append("; the ").append(r.cases()).append(" cases were mined without their events (")
                    .append(r.incompleteCases()).append(" of them cut off mid-transfer).</p>\n");
        }
        for (String warning : r.warnings()) {
            h.append("<p class=\"warn\" id=\"merge-key\"><b>CHECK THE MERGE KEY.</b> ").append(esc(warning)).append(".</p>\n");
        }
        h.append("<p>Requester <b>").append(esc(r.requester())).append("</b>; analyses ")
                .append(esc(String.join(", ", r.analyses().stream().sorted().map(a -> a.id()).toList())))
                .append("; <b>").append(r.cases()).append("</b> merged cases, <b>").append(r.events()).append("</b> events.</p>\n");

        h.append("<h2>Contributions</h2>\n<table id=\"contributions\"><tr><th>organization</th><th>events</th><th>share</th>"
                + "<th>cases with events</th><th>shared with another organization</th><th>cases released</th>"
                + "<th>segments</th></tr>\n");
        for (MiningResult.ProviderReport p : r.providers()) {
            h.append("<tr><td>").append(esc(p.organization())).append("</td><td class=\"n\">").append(p.events())
                    .append("</td><td class=\"n\">").append(String.format(Locale.ROOT, "%.1f%%", r.events() == 0 ? 0.0 : 100.0 * p.events() / r.events()))
                    .append("</td><td class=\"n\">").append(p.cases()).append("</td><td class=\"n\">").append(p.sharedCases())
                    .append("</td><td class=\"n\">").append(p.releasedCases())
                    .append("</td><td class=\"n\">").append(p.segments()).append("</td></tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>Attestation</h2>\n<p>Each provider verified the Trusted Miner's evidence before releasing anything. "
                + "Miner measurement <code>").append(esc(r.minerMeasurement())).append("</code>.</p>\n"
                + "<table id=\"attestation\"><tr><th>provider</th><th>verdict</th><th>evidence</th><th>platform</th>"
                + "<th>measurement</th><th>hardware-backed</th><th>debug</th><th>appraised at</th></tr>\n");
        for (MiningResult.ProviderReport p : r.providers()) {
            AttestationResult a = p.attestation();
            h.append("<tr><td>").append(esc(p.organization())).append("</td><td>").append(esc(a.status().ear()))
                    .append("</td><td><code>").append(esc(a.mediaType())).append("</code></td><td>").append(esc(a.claims().platform()))
                    .append(a.hardwareBacked() ? "" : " (simulated)").append("</td><td><code>").append(esc(a.claims().measurementHex()))
                    .append("</code></td><td>").append(a.hardwareBacked() ? "yes" : "no").append("</td><td>")
                    .append(a.claims().debug() ? "yes" : "no").append("</td><td>").append(a.issuedAt()).append("</td></tr>\n");
        }
        h.append("</table>\n");
        // hardware verifiers record the platform's TCB status (Intel collateral) or that it was not checked
        for (MiningResult.ProviderReport p : r.providers()) {
            var claims = p.attestation().claims();
            claims.tcbStatus().ifPresent(t -> h.append("<p class=\"tcb\">").append(esc(p.organization()))
                    .append(": TCB status <b>").append(esc(t)).append("</b>")
                    .append(claims.tcbAdvisories().isEmpty() ? "" : " (advisories " + esc(String.join(", ", claims.tcbAdvisories())) + ")")
                    .append("</p>\n"));
        }

        if (!endpoints.isEmpty()) {
            h.append("<h2>Network</h2>\n<p>HTTPS (TLS 1.3); each provider authenticated by its pinned certificate, the "
                    + "requester by its CA-issued client certificate.</p>\n<table id=\"network\"><tr><th>provider</th><th>URL</th>"
                    + "<th>pinned certificate (SHA-256)</th></tr>\n");
            for (Endpoint e : endpoints) {
                h.append("<tr><td>").append(esc(e.organization())).append("</td><td><code>").append(esc(e.url()))
                        .append("</code></td><td><code>").append(esc(e.certificateSha256())).append("</code></td></tr>\n");
            }
            h.append("</table>\n");
        }

        h.append("<h2>Process map</h2>\n");
        if (processMap != null) {
            h.append("<div id=\"process-map\">").append(inlineSvg(processMap)).append("</div>\n<p>Also as <a href=\"process-map.svg\">process-map.svg</a>")
                    .append(r.heuristicsPetriNet().isPresent() ? ", <a href=\"heuristics.svg\">heuristics.svg</a>" : "")
                    .append(".</p>\n");
        } else if (r.dfg().isPresent()) {
            if (svgProblem != null) h.append("<p>No SVG: ").append(esc(svgProblem)).append("</p>\n");
            dfgTable(h, r.dfg().get());
        } else {
            h.append("<p>No directly-follows graph was requested.</p>\n");
        }
        h.append("<h2>Models</h2>\n<ul id=\"models\">\n");
        r.heuristicsPetriNet().ifPresent(n -> h.append("<li>Heuristics net (CONFINE preset): ").append(n.net().places().size())
                .append(" places, ").append(n.net().transitions().size())
                .append(" transitions: <a href=\"heuristics.pnml\">PNML</a>")
                .append(ResultFiles.hasBpmn(n) ? ", <a href=\"heuristics.bpmn\">BPMN</a>" : " (no BPMN: not a workflow net)")
                .append("</li>\n"));
        String inductiveName = r.analyses().contains(Analysis.INDUCTIVE_DFG) ? "Inductive Miner (DFG-based, IMd)" : "Inductive Miner";
        r.inductivePetriNet().ifPresent(n -> h.append("<li>").append(inductiveName).append(": <a href=\"inductive.ptml\">process tree</a>, ")
                .append(n.net().places().size()).append(" places, ").append(n.net().transitions().size())
                .append(" transitions: <a href=\"inductive.pnml\">PNML</a>, <a href=\"inductive.bpmn\">BPMN</a></li>\n"));
        r.dfg().ifPresent(d -> h.append("<li>Directly-follows graph: ").append(d.activities().size()).append(" activities, ")
                .append(d.edges().size()).append(" edges: <a href=\"dfg.dot\">DOT</a></li>\n"));
        r.declare().ifPresent(d -> h.append("<li>Declare model: ").append(d.size()).append(" constraints: <a href=\"declare.json\">JSON</a></li>\n"));
        r.declareConformance().ifPresent(c -> h.append("<li>Declare conformance: ").append(c.fittingTraces()).append(" of ")
                .append(c.traces().size()).append(" cases fit: <a href=\"declare-conformance.json\">JSON</a></li>\n"));
        h.append("<li><a href=\"statistics.json\">statistics.json</a>, <a href=\"report.json\">report.json</a></li>\n</ul>\n");

        h.append("<h2>Notary receipts</h2>\n<p>Every release (case index = position of the first receipt, then one per "
                + "segment) was notarized by its provider before it was sent; the hash is SHA-256 of the sealed message.</p>\n"
                + "<table id=\"receipts\"><tr><th>provider</th><th>release</th><th>notary</th><th>position</th><th>SHA-256</th><th>time</th></tr>\n");
        for (MiningResult.ProviderReport p : r.providers()) {
            for (int i = 0; i < p.receipts().size(); i++) {
                Receipt rc = p.receipts().get(i);
                h.append("<tr><td>").append(esc(p.organization())).append("</td><td>").append(i == 0 ? "case index" : "segment")
                        .append("</td><td>").append(esc(rc.notary())).append("</td><td class=\"n\">").append(rc.position())
                        .append("</td><td><code>").append(HexFormat.of().formatHex(rc.hash())).append("</code></td><td>")
                        .append(rc.time()).append("</td></tr>\n");
            }
        }
        return h.append("</table>\n</body></html>\n").toString();
    }

    private static void dfgTable(StringBuilder h, Dfg dfg) {
        h.append("<table id=\"dfg\"><tr><th>from</th><th>to</th><th>count</th><th>mean duration (s)</th></tr>\n");
        for (Dfg.Edge e : dfg.edges()) {
            h.append("<tr><td>").append(esc(e.source())).append("</td><td>").append(esc(e.target())).append("</td><td class=\"n\">")
                    .append(e.count()).append("</td><td class=\"n\">").append(String.format(Locale.ROOT, "%.1f", e.meanSeconds()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    /** The {@code <svg>} element of an SVG document, without its XML prolog and doctype, for inlining in HTML. */
    static String inlineSvg(String svg) {
        int start = svg.indexOf("<svg");
        return start < 0 ? "" : svg.substring(start);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
