package io.coalition.privacy.composition;

import io.coalition.mining.Discovery;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.petri.PetriNet;
import io.coalition.mining.tree.ProcessTree;
import io.coalition.privacy.sequence.ExecutionSequence;
import io.coalition.privacy.sequence.Invocation;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Seed 002 §4.2: mine the (sanitized) sequences into a workflow with the inductive miner, and at each exclusive
 * split learn the branch condition with ID3 on the parameter values seen before the branch.
 *
 * <p>Training data per XOR node: every sequence that contains an activity of one of its branches gives one instance;
 * its label is the branch holding the first such activity, its features the latest value of every parameter
 * (input or output, by name) of the invocations before that activity. Sequences with no activity of any branch are
 * labelled with the tau branch when there is one. Masked values are not features.
 */
public final class Composition {
    /**
     * A composed process: the process tree (inductive miner) or the workflow net (Alpha miner, {@code tree} null),
     * the learned condition of each exclusive split, and per service the parameters it was seen to output (the data
     * flow the BPEL export copies into condition variables).
     */
    public record ComposedProcess(ProcessTree tree, List<Split> splits, Map<String, Set<String>> outputs,
                                  AcceptingPetriNet net) {
        public ComposedProcess {
            splits = List.copyOf(splits);
            outputs = Map.copyOf(outputs);
            if ((tree == null) == (net == null)) throw new IllegalArgumentException("exactly one of tree and net");
        }

        /** A block-structured process (inductive miner). */
        public ComposedProcess(ProcessTree tree, List<Split> splits, Map<String, Set<String>> outputs) {
            this(tree, splits, outputs, null);
        }

        /** The split learned for {@code xor} (by identity), or null. */
        public Split splitOf(ProcessTree xor) {
            for (Split s : splits) if (s.node() == xor) return s;
            return null;
        }
    }

    /**
     * One exclusive split: per branch the activities that can start it and the XPath 1.0 condition (null when ID3
     * predicts that branch for no instance), the tree, and the training size. {@code node} is the XOR node of the
     * process tree, or null for a place of an Alpha net.
     */
    public record Split(ProcessTree node, List<Set<String>> branchStarts, List<String> conditions, DecisionTree model,
                        int instances) {
        public Split {
            branchStarts = List.copyOf(branchStarts);
            conditions = java.util.Collections.unmodifiableList(new ArrayList<>(conditions));
        }
    }

    private Composition() {
    }

    /** Mines with IMf ({@code noise}, 0 for IM) and learns the split conditions from the same sequences. */
    public static ComposedProcess compose(List<ExecutionSequence> sequences, double noise) {
        Objects.requireNonNull(sequences, "sequences");
        IndexedLog log = IndexedLog.ofSequences(sequences.stream().map(ExecutionSequence::services).toList());
        ProcessTree tree = Discovery.inductiveTree(log, noise);
        List<Split> splits = new ArrayList<>();
        Map<ProcessTree, Boolean> seen = new IdentityHashMap<>();
        collect(tree, sequences, splits, seen);
        return new ComposedProcess(tree, splits, outputs(sequences));
    }

    /**
     * Mines with the Alpha miner (seed 002 §4.2 names alpha) and learns a condition at every place with several
     * output transitions: for a place (A, B) of the net, each occurrence of an activity of B after an activity of A
     * (or from the start, for the source place) with no B in between is one instance, labelled with that activity,
     * its features the latest parameter values before it. The result is a Petri net, not block-structured: it
     * exports to BPMN, not to BPEL.
     */
    public static ComposedProcess composeAlpha(List<ExecutionSequence> sequences) {
        Objects.requireNonNull(sequences, "sequences");
        IndexedLog log = IndexedLog.ofSequences(sequences.stream().map(ExecutionSequence::services).toList());
        AcceptingPetriNet apn = Discovery.alpha(log);
        PetriNet net = apn.net();
        List<Split> splits = new ArrayList<>();
        for (PetriNet.Place place : net.places()) {
            List<String> post = net.postset(place.id());
            if (post.size() < 2) continue;
            List<String> branches = post.stream().map(t -> net.transition(t).label()).sorted().toList();
            Set<String> inputs = new java.util.HashSet<>();
            for (String t : net.preset(place.id())) inputs.add(net.transition(t).label());
            boolean source = apn.initial().get(place.id()) > 0;
            List<DecisionTree.Instance> data = new ArrayList<>();
            for (ExecutionSequence s : sequences) {
                boolean marked = source;
                Map<String, String> features = new TreeMap<>();
                for (Invocation inv : s.invocations()) {
                    int b = branches.indexOf(inv.service());
                    if (b >= 0 && marked) {
                        data.add(new DecisionTree.Instance(features, Integer.toString(b)));
                        marked = false;
                    }
                    if (inputs.contains(inv.service())) marked = true;
                    put(features, inv.inputs());
                    put(features, inv.outputs());
                }
            }
            List<Set<String>> starts = branches.stream().map(l -> (Set<String>) new LinkedHashSet<>(List.of(l))).toList();
            splits.add(split(null, starts, data));
        }
        return new ComposedProcess(null, splits, outputs(sequences), apn);
    }

    private static Map<String, Set<String>> outputs(List<ExecutionSequence> sequences) {
        Map<String, Set<String>> outputs = new TreeMap<>();
        for (ExecutionSequence s : sequences) {
            for (Invocation inv : s.invocations()) {
                outputs.computeIfAbsent(inv.service(), x -> new java.util.TreeSet<>()).addAll(inv.outputs().keySet());
            }
        }
        return outputs;
    }

    private static void collect(ProcessTree t, List<ExecutionSequence> sequences, List<Split> out,
                                Map<ProcessTree, Boolean> seen) {
        if (t.isLeaf() || seen.put(t, true) != null) return;
        if (t.operator() == ProcessTree.Operator.XOR) out.add(learn(t, sequences));
        for (ProcessTree c : t.children()) collect(c, sequences, out, seen);
    }

    private static Split learn(ProcessTree xor, List<ExecutionSequence> sequences) {
        List<ProcessTree> branches = xor.children();
        List<Set<String>> starts = new ArrayList<>();
        List<Set<String>> acts = new ArrayList<>();
        int tauBranch = -1;
        for (int i = 0; i < branches.size(); i++) {
            starts.add(starts(branches.get(i)));
            acts.add(new LinkedHashSet<>(branches.get(i).activities()));
            if (branches.get(i).isTau()) tauBranch = i;
        }
        List<DecisionTree.Instance> data = new ArrayList<>();
        for (ExecutionSequence s : sequences) {
            int label = -1;
            int pos = s.length();
            for (int p = 0; p < s.length() && label < 0; p++) {
                for (int b = 0; b < acts.size(); b++) {
                    if (acts.get(b).contains(s.invocations().get(p).service())) {
                        label = b;
                        pos = p;
                        break;
                    }
                }
            }
            if (label < 0) label = tauBranch;
            if (label < 0) continue;
            Map<String, String> features = new TreeMap<>();
            for (int p = 0; p < pos; p++) {
                Invocation inv = s.invocations().get(p);
                put(features, inv.inputs());
                put(features, inv.outputs());
            }
            data.add(new DecisionTree.Instance(features, Integer.toString(label)));
        }
        return split(xor, starts, data);
    }

    private static Split split(ProcessTree node, List<Set<String>> starts, List<DecisionTree.Instance> data) {
        List<String> conditions = new ArrayList<>();
        DecisionTree model = data.isEmpty() ? null : DecisionTree.learn(data);
        for (int b = 0; b < starts.size(); b++) conditions.add(model == null ? null : xpath(model, Integer.toString(b)));
        return new Split(node, starts, conditions, model, data.size());
    }

    private static void put(Map<String, String> features, Map<String, String> values) {
        values.forEach((k, v) -> {
            if (!Invocation.MASKED.equals(v)) features.put(k, v);
        });
    }

    /** The activities that can come first in {@code t} (empty for tau). */
    static Set<String> starts(ProcessTree t) {
        Set<String> s = new LinkedHashSet<>();
        if (t.isTau()) return s;
        if (t.isLeaf()) {
            s.add(t.label());
            return s;
        }
        switch (t.operator()) {
            case SEQUENCE -> {
                for (ProcessTree c : t.children()) {
                    Set<String> cs = starts(c);
                    s.addAll(cs);
                    if (!cs.isEmpty() && !c.isTau()) break;
                }
            }
            case LOOP -> s.addAll(starts(t.children().get(0)));
            default -> t.children().forEach(c -> s.addAll(starts(c)));
        }
        return s;
    }

    /** The XPath 1.0 condition under which {@code model} predicts {@code label}, or null if it never does. */
    static String xpath(DecisionTree model, String label) {
        StringJoiner or = new StringJoiner(" or ");
        int n = 0;
        for (DecisionTree.Rule r : model.rules()) {
            if (!r.label().equals(label)) continue;
            n++;
            if (r.tests().isEmpty()) return "true()";
            StringJoiner and = new StringJoiner(" and ");
            for (var t : r.tests()) {
                and.add(DecisionTree.MISSING.equals(t.getValue()) ? "not(" + xpathName(t.getKey()) + ")"
                        : xpathName(t.getKey()) + " = " + literal(t.getValue()));
            }
            or.add(r.tests().size() > 1 ? "(" + and + ")" : and.toString());
        }
        if (n == 0) return null;
        return or.toString();
    }

    /** A parameter name as a BPEL/XPath variable reference ({@code $name}, non-NCName characters as '_'). */
    static String xpathName(String name) {
        return "$" + name.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private static String literal(String v) {
        if (!v.contains("'")) return "'" + v + "'";
        if (!v.contains("\"")) return "\"" + v + "\"";
        return "concat('" + v.replace("'", "', \"'\", '") + "')";
    }
}
