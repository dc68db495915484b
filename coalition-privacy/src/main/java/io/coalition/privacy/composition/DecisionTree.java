package io.coalition.privacy.composition;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * ID3 (Quinlan 1986) over categorical features, as seed 002 §4.2 uses to learn branch conditions. A missing feature
 * is the value {@link #MISSING}. Splits by the largest information gain (ties: feature name), stops when a node is
 * pure, no feature is left, no split gains, or the best split is not significant: Quinlan's chi-square test of
 * independence between the feature's values and the labels (Quinlan 1986 §5, "Noise"), at level
 * {@link #SIGNIFICANCE}. Sanitized sequences carry noise-made values; without the test ID3 grows rules that
 * separate noise. No library fits (ARCHITECTURE.md: Smile needs Java 21, Weka is GPL,
 * Tribuo has CART only), so this is written here.
 */
public final class DecisionTree {
    /** The level of the chi-square test a split must pass. */
    public static final double SIGNIFICANCE = 0.01;

    /** The value of a feature an instance does not have. */
    public static final String MISSING = "<missing>";

    /** One training instance. */
    public record Instance(Map<String, String> features, String label) {
        public Instance {
            features = Map.copyOf(features);
            Objects.requireNonNull(label, "label");
        }

        String value(String feature) {
            return features.getOrDefault(feature, MISSING);
        }
    }

    /** A conjunction of feature = value tests leading to a leaf with {@code label}, and its training support. */
    public record Rule(List<Map.Entry<String, String>> tests, String label, int support) {
        public Rule {
            tests = List.copyOf(tests);
        }
    }

    private final String feature;
    private final Map<String, DecisionTree> children;
    private final String label;
    private final int support;

    private DecisionTree(String feature, Map<String, DecisionTree> children, String label, int support) {
        this.feature = feature;
        this.children = children;
        this.label = label;
        this.support = support;
    }

    /** Learns a tree from {@code instances} (at least one). */
    public static DecisionTree learn(List<Instance> instances) {
        if (instances.isEmpty()) throw new IllegalArgumentException("ID3 needs at least one training instance");
        Set<String> features = new TreeSet<>();
        instances.forEach(i -> features.addAll(i.features().keySet()));
        return grow(instances, features);
    }

    private static DecisionTree grow(List<Instance> data, Set<String> features) {
        Map<String, Integer> counts = labelCounts(data);
        String majority = majority(counts);
        if (counts.size() == 1 || features.isEmpty()) return new DecisionTree(null, Map.of(), majority, data.size());
        double base = entropy(counts, data.size());
        String best = null;
        double bestGain = 1e-12;
        for (String f : features) {
            Map<String, List<Instance>> parts = partition(data, f);
            double rest = 0;
            for (List<Instance> p : parts.values()) rest += (double) p.size() / data.size() * entropy(labelCounts(p), p.size());
            double gain = base - rest;
            if (gain > bestGain) {
                bestGain = gain;
                best = f;
            }
        }
        if (best == null || !significant(partition(data, best), counts, data.size())) {
            return new DecisionTree(null, Map.of(), majority, data.size());
        }
        Set<String> remaining = new TreeSet<>(features);
        remaining.remove(best);
        Map<String, DecisionTree> children = new TreeMap<>();
        for (var e : partition(data, best).entrySet()) children.put(e.getKey(), grow(e.getValue(), remaining));
        return new DecisionTree(best, children, majority, data.size());
    }

    /** Pearson's chi-square test that the labels depend on the partition, at {@link #SIGNIFICANCE}. */
    private static boolean significant(Map<String, List<Instance>> parts, Map<String, Integer> labels, int n) {
        double chi2 = 0;
        for (List<Instance> p : parts.values()) {
            Map<String, Integer> observed = labelCounts(p);
            for (var l : labels.entrySet()) {
                double expected = (double) p.size() * l.getValue() / n;
                double d = observed.getOrDefault(l.getKey(), 0) - expected;
                chi2 += d * d / expected;
            }
        }
        int df = (parts.size() - 1) * (labels.size() - 1);
        return chi2 > ChiSquaredDistribution.of(df).inverseSurvivalProbability(SIGNIFICANCE);
    }

    private static Map<String, List<Instance>> partition(List<Instance> data, String feature) {
        Map<String, List<Instance>> parts = new TreeMap<>();
        for (Instance i : data) parts.computeIfAbsent(i.value(feature), x -> new ArrayList<>()).add(i);
        return parts;
    }

    private static Map<String, Integer> labelCounts(List<Instance> data) {
        Map<String, Integer> c = new TreeMap<>();
        for (Instance i : data) c.merge(i.label(), 1, Integer::sum);
        return c;
    }

    private static String majority(Map<String, Integer> counts) {
        String best = null;
        for (var e : counts.entrySet()) if (best == null || e.getValue() > counts.get(best)) best = e.getKey();
        return best;
    }

    private static double entropy(Map<String, Integer> counts, int n) {
        double h = 0;
        for (int c : counts.values()) {
            double p = (double) c / n;
            h -= p * Math.log(p) / Math.log(2);
        }
        return h;
    }

    /** The label for {@code features}; an unseen value falls back to the node's majority label. */
    public String classify(Map<String, String> features) {
        if (feature == null) return label;
        DecisionTree child = children.get(features.getOrDefault(feature, MISSING));
        return child == null ? label : child.classify(features);
    }

    /** The root-to-leaf rules in value order. */
    public List<Rule> rules() {
        List<Rule> out = new ArrayList<>();
        collect(new ArrayList<>(), out);
        return out;
    }

    private void collect(List<Map.Entry<String, String>> path, List<Rule> out) {
        if (feature == null) {
            out.add(new Rule(path, label, support));
            return;
        }
        for (var e : children.entrySet()) {
            path.add(Map.entry(feature, e.getKey()));
            e.getValue().collect(path, out);
            path.remove(path.size() - 1);
        }
    }

    /** The features the tree tests, in name order. */
    public Set<String> features() {
        Set<String> s = new TreeSet<>();
        for (Rule r : rules()) r.tests().forEach(t -> s.add(t.getKey()));
        return s;
    }
}
