package io.coalition.mining.inductive;

import io.coalition.mining.tree.ProcessTree;
import io.coalition.mining.tree.ProcessTree.Operator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Choices for {@link PromInductiveMiner} that draw the activity order, and in activity concurrent draw among the
 * activities that qualify those the reference tree shows peeled off: where the smallest reference subtree holding the
 * node's activities is a concurrent node, the ones that are a child of it on their own (when none is, any that
 * qualifies). Every pick is still one ProM's race could make; the reference only narrows the draw, for trees with too
 * many fall-throughs for plain draws.
 */
final class ReferenceGuide implements PromInductiveMiner.Choices {
    private final String[] names;
    private final Random draws;
    private final List<ProcessTree> subtrees = new ArrayList<>();
    private final List<Set<String>> activitiesOf = new ArrayList<>();

    ReferenceGuide(ProcessTree reference, String[] names, Random draws) {
        this.names = names;
        this.draws = draws;
        collect(reference);
    }

    private Set<String> collect(ProcessTree t) {
        Set<String> acts = new HashSet<>();
        if (t.isLeaf()) acts.addAll(t.activities());
        else for (ProcessTree c : t.children()) acts.addAll(collect(c));
        subtrees.add(t);
        activitiesOf.add(acts);
        return acts;
    }

    @Override
    public void order(List<Integer> activities) {
        Collections.shuffle(activities, draws);
    }

    @Override
    public int pick(Set<Integer> activities, List<Integer> qualify) {
        Set<String> node = new HashSet<>();
        for (int a : activities) node.add(names[a]);
        int smallest = -1;
        for (int i = 0; i < subtrees.size(); i++) {
            if (activitiesOf.get(i).containsAll(node)
                    && (smallest < 0 || activitiesOf.get(i).size() < activitiesOf.get(smallest).size())) smallest = i;
        }
        List<Integer> peeled = new ArrayList<>();
        ProcessTree t = smallest < 0 ? null : subtrees.get(smallest);
        if (t != null && t.operator() == Operator.PARALLEL) {
            for (int a : qualify) {
                for (ProcessTree c : t.children()) {
                    if (activitiesOf.get(subtrees.indexOf(c)).equals(Set.of(names[a]))) peeled.add(a);
                }
            }
        }
        List<Integer> from = peeled.isEmpty() ? qualify : peeled;
        return from.get(draws.nextInt(from.size()));
    }
}
