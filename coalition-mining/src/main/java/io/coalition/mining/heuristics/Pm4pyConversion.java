package io.coalition.mining.heuristics;

import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.petri.Marking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Heuristics net to Petri net the way pm4py's converter does it (objects/conversion/heuristics_net/variants/
 * to_petri_net.py, read for its behaviour): a {@code source0}/{@code sink0} pair; per activity a {@code pre_}
 * place fed by one silent transition per exclusive input (or per AND clique of inputs, from {@code splace_in_}
 * places); per activity an {@code intplace_} fanning out through silent transitions to the successors' input
 * places; then redundant silent transitions removed and single-entry/-exit silent transitions collapsed.
 * Activities are visited in name order, so the result is deterministic (pm4py's order follows its dicts).
 */
final class Pm4pyConversion {
    private static final String SOURCE = "source0";
    private static final String SINK = "sink0";

    private Pm4pyConversion() {
    }

    static AcceptingPetriNet convert(HeuristicsNet hn) {
        MutableNet net = new MutableNet();
        net.place(SOURCE);
        net.place(SINK);
        int[] hid = {0};
        // entries: null stands for the source (entering) or the sink (exiting)
        Map<String, Set<String>> entering = new TreeMap<>();
        Map<String, Set<String>> exiting = new TreeMap<>();
        for (HeuristicsNet.Node node : hn.nodes()) {
            String a = node.activity();
            for (String x : withOutputs(hn, a)) {
                if (!entering.containsKey(x)) {
                    net.transition(x, x);
                    entering.put(x, new LinkedHashSet<>());
                    exiting.put(x, new LinkedHashSet<>());
                    if (hn.startActivities().containsKey(x)) entering.get(x).add(null);
                    if (hn.endActivities().containsKey(x)) exiting.get(x).add(null);
                }
            }
            for (String b : hn.outputs(a)) {
                entering.get(b).add(a);
                exiting.get(a).add(b);
            }
        }
        Map<String, Map<String, String>> placesEntering = new HashMap<>();
        for (Map.Entry<String, Set<String>> en : entering.entrySet()) {
            String a1 = en.getKey();
            HeuristicsNet.Node node = hn.node(a1);
            List<Set<String>> cliques = cliques(node.andIn());
            Set<String> keys = firstOf(node.andIn());
            Map<String, String> pe = new HashMap<>();
            placesEntering.put(a1, pe);
            Set<String> all = en.getValue();
            List<String> named = new ArrayList<>(new TreeSet<>(nonNull(all)));
            boolean fromSource = all.contains(null);
            String master = null;
            if (!named.isEmpty()) {
                master = "pre_" + a1;
                net.place(master);
                net.arc(master, a1);
                if (all.size() == 1) {
                    pe.put(named.get(0), master);
                } else {
                    for (int index = 0; index < named.size(); index++) {
                        String act = named.get(index);
                        if (keys.contains(act)) {
                            for (int z = 0; z < cliques.size(); ) {
                                if (cliques.get(z).contains(act)) {
                                    String h = "hid_" + (++hid[0]);
                                    net.transition(h, null);
                                    net.arc(h, master);
                                    for (String act2 : cliques.get(z)) {
                                        if (!pe.containsKey(act2)) {
                                            String sp = "splace_in_" + a1 + "_" + act2 + "_" + index;
                                            net.place(sp);
                                            pe.put(act2, sp);
                                        }
                                        net.arc(pe.get(act2), h);
                                    }
                                    cliques.remove(z);
                                    continue;
                                }
                                z++;
                            }
                        } else if (!pe.containsKey(act)) {
                            String h = "hid_" + (++hid[0]);
                            net.transition(h, null);
                            net.arc(h, master);
                            String sp = "splace_in_" + a1 + "_" + index;
                            net.place(sp);
                            pe.put(act, sp);
                            net.arc(sp, h);
                        }
                    }
                }
            }
            if (fromSource) {
                if (all.size() == 1) {
                    net.arc(SOURCE, a1);
                } else {
                    String h = "hid_" + (++hid[0]);
                    net.transition(h, null);
                    net.arc(SOURCE, h);
                    net.arc(h, master);
                }
            }
        }
        for (Map.Entry<String, Set<String>> ex : exiting.entrySet()) {
            String a1 = ex.getKey();
            HeuristicsNet.Node node = hn.node(a1);
            List<Set<String>> cliques = cliques(node.andOut());
            Set<String> keys = firstOf(node.andOut());
            Set<String> all = ex.getValue();
            List<String> named = new ArrayList<>(new TreeSet<>(nonNull(all)));
            boolean toSink = all.contains(null);
            String intPlace = null;
            if (!named.isEmpty()) {
                if (all.size() == 1) {
                    String target = placesEntering.get(named.get(0)).get(a1);
                    if (target != null) net.arc(a1, target);
                } else {
                    intPlace = "intplace_" + a1;
                    net.place(intPlace);
                    net.arc(a1, intPlace);
                    for (String exAct : named) {
                        if (!placesEntering.get(exAct).containsKey(a1)) continue;
                        if (keys.contains(exAct)) {
                            for (int z = 0; z < cliques.size(); ) {
                                if (cliques.get(z).contains(exAct)) {
                                    String h = "hid_" + (++hid[0]);
                                    net.transition(h, null);
                                    net.arc(intPlace, h);
                                    for (String act : cliques.get(z)) {
                                        Map<String, String> pe = placesEntering.get(act);
                                        if (pe != null && pe.containsKey(a1)) net.arc(h, pe.get(a1));
                                    }
                                    cliques.remove(z);
                                    continue;
                                }
                                z++;
                            }
                        } else {
                            String h = "hid_" + (++hid[0]);
                            net.transition(h, null);
                            net.arc(intPlace, h);
                            net.arc(h, placesEntering.get(exAct).get(a1));
                        }
                    }
                }
            }
            if (toSink) {
                if (all.size() == 1) {
                    net.arc(a1, SINK);
                } else {
                    String h = "hid_" + (++hid[0]);
                    net.transition(h, null);
                    net.arc(intPlace, h);
                    net.arc(h, SINK);
                }
            }
        }
        removeRedundantInvisible(net);
        reduceSingleEntry(net);
        reduceSingleExit(net);
        return new AcceptingPetriNet(net.build("heuristics"), Marking.of(SOURCE), Marking.of(SINK));
    }

    private static List<String> withOutputs(HeuristicsNet hn, String a) {
        List<String> r = new ArrayList<>();
        r.add(a);
        r.addAll(hn.outputs(a));
        return r;
    }

    private static List<String> nonNull(Set<String> s) {
        List<String> r = new ArrayList<>();
        for (String x : s) if (x != null) r.add(x);
        return r;
    }

    private static Set<String> firstOf(List<HeuristicsNet.AndPair> pairs) {
        Set<String> r = new HashSet<>();
        for (HeuristicsNet.AndPair p : pairs) r.add(p.first());
        return r;
    }

    /** Maximal cliques (Bron-Kerbosch with pivot) of the AND-pair graph, each sorted, listed in sorted order. */
    static List<Set<String>> cliques(List<HeuristicsNet.AndPair> pairs) {
        Map<String, Set<String>> adj = new TreeMap<>();
        for (HeuristicsNet.AndPair p : pairs) {
            adj.computeIfAbsent(p.first(), k -> new TreeSet<>()).add(p.second());
            adj.computeIfAbsent(p.second(), k -> new TreeSet<>()).add(p.first());
        }
        List<Set<String>> out = new ArrayList<>();
        bronKerbosch(new TreeSet<>(), new TreeSet<>(adj.keySet()), new TreeSet<>(), adj, out);
        out.sort((x, y) -> String.join("\u0000", x).compareTo(String.join("\u0000", y)));
        return out;
    }

    private static void bronKerbosch(TreeSet<String> r, TreeSet<String> p, TreeSet<String> x,
                                     Map<String, Set<String>> adj, List<Set<String>> out) {
        if (p.isEmpty() && x.isEmpty()) {
            if (!r.isEmpty()) out.add(new TreeSet<>(r));
            return;
        }
        String pivot = !p.isEmpty() ? p.first() : x.first();
        for (String v : new ArrayList<>(p)) {
            if (adj.get(pivot).contains(v)) continue;
            TreeSet<String> r2 = new TreeSet<>(r);
            r2.add(v);
            TreeSet<String> p2 = new TreeSet<>(p);
            p2.retainAll(adj.get(v));
            TreeSet<String> x2 = new TreeSet<>(x);
            x2.retainAll(adj.get(v));
            bronKerbosch(r2, p2, x2, adj, out);
            p.remove(v);
            x.add(v);
        }
    }

    private static void removeRedundantInvisible(MutableNet net) {
        List<String> trans = net.invisibleTransitions();
        int i = 0;
        while (i < trans.size()) {
            if (net.transitions.containsKey(trans.get(i))) {
                Set<String> preI = net.pre.get(trans.get(i));
                Set<String> postI = net.post.get(trans.get(i));
                int j = 0;
                while (j < trans.size()) {
                    if (j != i && net.transitions.containsKey(trans.get(j))) {
                        Set<String> preJ = net.pre.get(trans.get(j));
                        Set<String> postJ = net.post.get(trans.get(j));
                        if (preJ.size() == preI.size() && postJ.size() < postI.size()
                                && preI.containsAll(preJ) && postI.containsAll(postJ)) {
                            net.remove(trans.get(j));
                            trans.remove(j);
                            continue;
                        }
                    }
                    j++;
                }
            }
            i++;
        }
    }

    private static void reduceSingleEntry(MutableNet net) {
        boolean again = true;
        while (again) {
            again = false;
            for (String t : net.invisibleTransitions()) {
                if (net.pre.get(t).size() != 1) continue;
                String sp = net.pre.get(t).iterator().next();
                if (net.pre.get(sp).size() == 1 && net.post.get(sp).size() == 1) {
                    String producer = net.pre.get(sp).iterator().next();
                    List<String> targets = new ArrayList<>(net.post.get(t));
                    net.remove(t);
                    net.remove(sp);
                    for (String p : targets) net.arc(producer, p);
                    again = true;
                    break;
                }
            }
        }
    }

    private static void reduceSingleExit(MutableNet net) {
        boolean again = true;
        while (again) {
            again = false;
            for (String t : net.invisibleTransitions()) {
                if (net.post.get(t).size() != 1) continue;
                String tp = net.post.get(t).iterator().next();
                if (net.pre.get(tp).size() == 1 && net.post.get(tp).size() == 1) {
                    String consumer = net.post.get(tp).iterator().next();
                    List<String> sources = new ArrayList<>(net.pre.get(t));
                    net.remove(t);
                    net.remove(tp);
                    for (String p : sources) net.arc(p, consumer);
                    again = true;
                    break;
                }
            }
        }
    }

}
