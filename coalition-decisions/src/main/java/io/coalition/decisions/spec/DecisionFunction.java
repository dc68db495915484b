package io.coalition.decisions.spec;

import io.coalition.decisions.DecisionsException;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A decision function as the policy descriptor names it (seed 004, Listing 3): {@code funcName(dataStructure,
 * aggregations*)}. {@code funcName} is a decision of the DMN model, {@code dataStructure} the kind of record it
 * decides over, and each aggregation a decision evaluated over all records of that structure first.
 */
public record DecisionFunction(String name, String dataStructure, List<String> aggregations) {
    private static final Pattern SIGNATURE =
            Pattern.compile("\\s*([A-Za-z_][\\w]*)\\s*\\(\\s*([A-Za-z_][\\w]*)\\s*((?:,\\s*[A-Za-z_][\\w]*\\s*)*)\\)\\s*");

    public DecisionFunction {
        aggregations = List.copyOf(aggregations);
    }

    /** Parses {@code funcName(dataStructure, aggr1, aggr2)}; spaces are allowed around names. */
    public static DecisionFunction parse(String signature) {
        Matcher m = SIGNATURE.matcher(signature);
        if (!m.matches()) {
            throw new DecisionsException("decision function '" + signature
                    + "': expected funcName(dataStructure, aggregation*)");
        }
        List<String> aggregations = m.group(3).isBlank() ? List.of()
                : Arrays.stream(m.group(3).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new DecisionFunction(m.group(1), m.group(2), aggregations);
    }

    /** The action id the policy matches: the canonical signature, without spaces. */
    public String action() {
        return name + "(" + String.join(",", java.util.stream.Stream.concat(
                java.util.stream.Stream.of(dataStructure), aggregations.stream()).toList()) + ")";
    }

    /** The action id for submitting records of a data structure. */
    public static String provideAction(String dataStructure) {
        return "provide(" + dataStructure + ")";
    }
}
