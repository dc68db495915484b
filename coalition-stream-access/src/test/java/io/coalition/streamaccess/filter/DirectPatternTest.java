package io.coalition.streamaccess.filter;

import io.coalition.streamaccess.policy.Condition;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.Lang;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.graph.GraphFactory;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Direct matching gives SPARQL's answers: each case is checked against ARQ on the same graph and bindings. */
class DirectPatternTest {
    static final String PREFIXES = "PREFIX : <http://ex/> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> ";
    static final Graph G = GraphFactory.createDefaultGraph();

    static {
        RDFParser.fromString("""
                @prefix : <http://ex/> .
                :p1 :hasTask :t1, :t2, :t3 ; :amount "15000" ; :note "x" .
                :t1 a :Submitted ; :by :ann . :t2 a :Approved ; :by :bob . :t3 a :Approved ; :by :ann .
                :p2 :hasTask :t4 ; :amount "abc" . :t4 a :Submitted ; :by :ann .
                :loop :self :loop .
                """, Lang.TURTLE).parse(G);
    }

    static final List<String> PATTERNS = List.of(
            "?process :hasTask ?task . ?task :by ?agent . ?task a :Submitted . ?process :amount ?a FILTER(xsd:integer(?a) >= 10000)",
            "?process :hasTask ?task . ?task :by ?agent . ?task a :Approved . ?process :amount ?a FILTER(xsd:integer(?a) >= 20000)",
            "?process :hasTask ?task FILTER(?task != :t1)",
            "?s ?p ?s",                                     // a variable used twice in one pattern
            "?process :note ?n FILTER(?unbound = 1)",      // a FILTER on an unbound variable is an error: false
            "?process :amount ?a FILTER(xsd:integer(?a) > 0)", // "abc" does not cast: false for p2
            "FILTER(true)");

    @Test
    void everyPatternAgreesWithArqForEveryBinding() {
        Set<Boolean> seen = new HashSet<>();
        for (String text : PATTERNS) {
            PredicateSlots slots = new PredicateSlots();
            DirectPattern d = DirectPattern.parse(PREFIXES, text, new java.util.HashMap<>(), slots);
            assertThat(d).as(text).isNotNull();
            ProcessGraph pg = ProcessGraph.copyOf(G, slots);
            for (Binding b : bindings()) {
                boolean sparql = QueryExec.graph(G).query(QueryFactory.create(PREFIXES + "ASK { " + text + " }"))
                        .substitution(b).ask();
                assertThat(d.exists(pg, b)).as("%s with %s", text, b).isEqualTo(sparql);
                seen.add(sparql);
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(true, false); // the cases discriminate
    }

    @Test
    void conditionsCombineLikeTheirSparqlFilter() {
        List<Condition> conditions = List.of(
                new Condition.Or(List.of(new Condition.Pattern(PATTERNS.get(0)), new Condition.Pattern(PATTERNS.get(1)))),
                new Condition.And(List.of(new Condition.Pattern(PATTERNS.get(2)),
                        new Condition.Not(new Condition.Pattern(PATTERNS.get(1))))),
                new Condition.Not(new Condition.Pattern(PATTERNS.get(5))),
                Condition.TRUE);
        for (Condition c : conditions) {
            PredicateSlots slots = new PredicateSlots();
            DirectCondition d = DirectCondition.of(c, PREFIXES, slots);
            ProcessGraph pg = ProcessGraph.copyOf(G, slots);
            for (Binding b : bindings()) {
                boolean sparql = QueryExec.graph(G).query(QueryFactory.create(PREFIXES + "ASK { FILTER("
                        + c.toSparql() + ") }")).substitution(b).ask();
                assertThat(d.holds(pg, b)).as("%s with %s", c, b).isEqualTo(sparql);
            }
        }
    }

    @Test
    void patternsBeyondBgpAndFilterAreLeftToSparql() {
        for (String text : List.of("?process :hasTask ?t OPTIONAL { ?t :by ?a }", "?process :hasTask/:by ?a",
                "{ ?process :hasTask ?t } UNION { ?process :note ?n }", "?process :hasTask ?t FILTER EXISTS { ?t :by ?a }",
                "?process :hasTask ?t BIND(1 AS ?x)")) {
            assertThat(DirectPattern.parse(PREFIXES, text, new java.util.HashMap<>(), new PredicateSlots())).as(text).isNull();
        }
        assertThat(DirectCondition.of(new Condition.Or(List.of(new Condition.Pattern("?process :hasTask ?t"),
                new Condition.Pattern("?process :hasTask/:by ?a"))), PREFIXES, new PredicateSlots())).isNull();
    }

    private static List<Binding> bindings() {
        Var process = Var.alloc("process");
        Var agent = Var.alloc("agent");
        Node ann = NodeFactory.createURI("http://ex/ann");
        Node bob = NodeFactory.createURI("http://ex/bob");
        List<Binding> out = new java.util.ArrayList<>();
        for (String p : List.of("p1", "p2", "p9")) {
            Node pn = NodeFactory.createURI("http://ex/" + p);
            out.add(Binding.builder().add(process, pn).build());
            out.add(Binding.builder().add(process, pn).add(agent, ann).build());
            out.add(Binding.builder().add(process, pn).add(agent, bob).build());
        }
        return out;
    }
}
