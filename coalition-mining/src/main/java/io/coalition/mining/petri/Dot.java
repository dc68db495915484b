package io.coalition.mining.petri;

/** Graphviz DOT text of a Petri net: circles for places (tokens shown), boxes for transitions, black for silent. */
public final class Dot {
    private Dot() {
    }

    public static String of(AcceptingPetriNet apn) {
        PetriNet net = apn.net();
        StringBuilder sb = new StringBuilder();
        sb.append("digraph ").append(quote(net.name().isEmpty() ? "net" : net.name())).append(" {\n");
        sb.append("  rankdir=LR;\n");
        for (PetriNet.Place p : net.places()) {
            int init = apn.initial().get(p.id());
            int fin = apn.fin().get(p.id());
            String label = init > 0 ? (init == 1 ? "&#9679;" : Integer.toString(init)) : "";
            sb.append("  ").append(quote(p.id())).append(" [shape=").append(fin > 0 ? "doublecircle" : "circle")
                    .append(",label=").append(quote(label)).append(",xlabel=").append(quote(p.name()))
                    .append(",width=0.4,fixedsize=true];\n");
        }
        for (PetriNet.Transition t : net.transitions()) {
            sb.append("  ").append(quote(t.id()));
            if (t.isInvisible()) {
                sb.append(" [shape=box,style=filled,fillcolor=black,label=\"\",width=0.15];\n");
            } else {
                sb.append(" [shape=box,label=").append(quote(t.label())).append("];\n");
            }
        }
        for (PetriNet.Arc a : net.arcs()) {
            sb.append("  ").append(quote(a.source())).append(" -> ").append(quote(a.target()));
            if (a.weight() != 1) sb.append(" [label=").append(quote(Integer.toString(a.weight()))).append(']');
            sb.append(";\n");
        }
        sb.append("}\n");
        return sb.toString();
    }

    static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
