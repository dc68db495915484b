package io.coalition.mining.dfg;

import java.util.Locale;

/** Graphviz DOT text of a {@link Dfg}: activities with counts, edges with counts (and mean durations if known). */
public final class DfgDot {
    private DfgDot() {
    }

    public static String of(Dfg dfg) {
        StringBuilder sb = new StringBuilder("digraph \"dfg\" {\n  rankdir=LR;\n");
        sb.append("  \"@@start\" [shape=circle,style=filled,fillcolor=green,label=\"\"];\n");
        sb.append("  \"@@end\" [shape=doublecircle,style=filled,fillcolor=orange,label=\"\"];\n");
        for (String a : dfg.activities()) {
            sb.append("  ").append(quote(a)).append(" [shape=box,label=").append(quote(a + " (" + dfg.activityCount(a) + ")"))
                    .append("];\n");
        }
        for (String a : dfg.startActivities()) {
            sb.append("  \"@@start\" -> ").append(quote(a)).append(" [label=\"").append(dfg.startCount(a)).append("\"];\n");
        }
        for (Dfg.Edge e : dfg.edges()) {
            String label = Long.toString(e.count());
            if (e.hasPerformance()) label += String.format(Locale.ROOT, " / %.1fs", e.meanSeconds());
            sb.append("  ").append(quote(e.source())).append(" -> ").append(quote(e.target()))
                    .append(" [label=").append(quote(label)).append("];\n");
        }
        for (String a : dfg.endActivities()) {
            sb.append("  ").append(quote(a)).append(" -> \"@@end\" [label=\"").append(dfg.endCount(a)).append("\"];\n");
        }
        return sb.append("}\n").toString();
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
