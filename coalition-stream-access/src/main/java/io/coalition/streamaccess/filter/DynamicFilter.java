package io.coalition.streamaccess.filter;

import io.coalition.streamaccess.policy.RequesterPolicy;
import io.coalition.streamaccess.policy.StreamObligation;
import io.coalition.streamaccess.policy.Unifier;
import io.coalition.streamaccess.rdf.ProcessTriple;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.algebra.op.OpBGP;
import org.apache.jena.sparql.engine.binding.Binding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Seed 003's PEP and Filter Updater for one requester (section 6.1): each arriving triple is checked against the
 * Match (and Find) patterns of the requester's obligations without SPARQL; a triple no obligation can touch is
 * released at once (deny) or dropped at once (allow); the others are buffered per process until the process's
 * DecisionPoint holds, then each is decided by an ASK of Match and Condition with the triple's bindings, and the
 * Alternative's Find/Replace selectors are instantiated for the bindings that fired (when more than
 * {@link #WHOLE_SELECTOR_ABOVE} triples of a process await one obligation, its whole selector is evaluated once
 * on the process instead). The instantiated selectors
 * form the filter V_u ({@link #deniedOrAllowed()}, {@link #alternatives()}); an instance already present is not
 * added again (absorption of identical selectors).
 *
 * <p>Visible graph per process: deny: G \ (Q ∪ F) ∪ R; allow: (Q \ F) ∪ R, where Q, F, R are the Match, Find and
 * Replace selectors (see {@link OfflineOracle}, which computes the same over the complete log). Triples of a process
 * arriving after its DecisionPoint are withheld if an obligation could touch them (fail closed), released otherwise.
 *
 * <p>Not thread-safe: one filter per requester, fed by one thread.
 */
public final class DynamicFilter {
    /** Candidates per obligation and process above which the whole selector is evaluated once instead. */
    static final int WHOLE_SELECTOR_ABOVE = 2;

    private final RequesterPolicy policy;
    private final boolean deny;
    private final Consumer<ProcessTriple> out;
    private final List<Compiled> compiled = new ArrayList<>();
    /** The same, for the per-triple loop (an indexed array loop needs no iterator). */
    private final Compiled[] obligations;
    private final Map<Node, Open> open = new HashMap<>();
    private final Set<Node> closed = new HashSet<>();
    private final Set<Triple> selectorInstances = new HashSet<>();
    private final Set<Triple> alternativeInstances = new HashSet<>();
    private long asks;
    private long withheldLate;

    private record Compiled(StreamObligation o, CompiledQuery ask, CompiledQuery find, CompiledQuery replace,
                            CompiledQuery dp, boolean dpIsTrigger, PatternSet dpPatterns, DirectPattern dpDirect,
                            CompiledQuery selector, CompiledQuery absorbed, Direct direct) {
    }

    /** The obligation evaluated without SPARQL: Match, Match ⋈ Find (null without Alternative), the Condition. */
    private record Direct(DirectPattern match, DirectPattern matchFind, DirectCondition condition) {
        static Direct of(StreamObligation o, PredicateSlots slots) {
            DirectCondition condition = DirectCondition.of(o.condition(), o.prefixes(), slots);
            if (condition == null) return null;
            Set<Triple> joined = new LinkedHashSet<>(o.match());
            joined.addAll(o.find());
            return new Direct(new DirectPattern(o.match(), List.of(), slots),
                    o.hasAlternative() ? new DirectPattern(List.copyOf(joined), List.of(), slots) : null, condition);
        }
    }

    /** Slots of the predicates any pattern names: one look-up per arriving triple answers every question below. */
    private final PredicateSlots slots = new PredicateSlots();
    /** Whether some obligation or DecisionPoint needs SPARQL, hence a Jena graph of each open process. */
    private final boolean needsSparql;
    /** Match and Find patterns of every obligation: a triple matching none is released (deny) or dropped (allow). */
    private final PatternSet touch;
    /** Patterns any of the policy's queries can read; null: keep every triple of an open process. */
    private final PatternSet relevant;
    // the stream arrives case by case: remember the last process instead of two hash lookups per triple
    private Node lastProcess;
    private Open lastOpen;
    private boolean lastClosed;

    private static final class Open {
        final ProcessGraph graph;
        final List<ProcessTriple> pending = new ArrayList<>();
        final Binding base;

        Open(Node process, PredicateSlots slots, boolean needsSparql) {
            graph = new ProcessGraph(slots, needsSparql);
            base = processBinding(process);
        }
    }

    public DynamicFilter(RequesterPolicy policy, Consumer<ProcessTriple> visible) {
        this.policy = policy;
        this.deny = policy.effect() == StreamObligation.Effect.DENY;
        this.out = visible;
        List<Triple> touchPatterns = new ArrayList<>();
        List<org.apache.jena.query.Query> queries = new ArrayList<>();
        boolean sparql = false;
        for (StreamObligation o : policy.obligations()) {
            boolean dpIsTrigger = isSingleTriplePattern(o);
            // the DecisionPoint ASK without SPARQL too, when it is triple patterns and FILTERs
            DirectPattern dpDirect = dpIsTrigger ? null
                    : DirectPattern.parse(o.prefixes(), o.decisionPointText(), new HashMap<>(), slots);
            Direct direct = Direct.of(o, slots);
            sparql |= direct == null || !dpIsTrigger && dpDirect == null;
            compiled.add(new Compiled(o, new CompiledQuery(o.matchAsk()),
                    o.hasAlternative() ? new CompiledQuery(o.findSelector()) : null,
                    o.hasAlternative() ? new CompiledQuery(o.replaceSelector()) : null,
                    new CompiledQuery(o.decisionPointAsk()), dpIsTrigger, new PatternSet(o.decisionPoint(), slots),
                    dpDirect, new CompiledQuery(o.selector()), absorbed(o), direct));
            touchPatterns.addAll(o.match());
            touchPatterns.addAll(o.find());
            queries.addAll(List.of(o.matchAsk(), o.selector(), o.decisionPointAsk()));
            if (o.hasAlternative()) queries.addAll(List.of(o.findSelector(), o.replaceSelector()));
        }
        this.needsSparql = sparql;
        this.touch = new PatternSet(touchPatterns, slots);
        List<Triple> read = RelevantPatterns.of(queries);
        this.relevant = read == null ? null : new PatternSet(read, slots);
        // from here on the slots are fixed: process graphs are sized by them
        this.obligations = compiled.toArray(Compiled[]::new);
    }

    public String requester() {
        return policy.requester();
    }

    /** Feeds one triple of the stream. */
    public void accept(ProcessTriple pt) {
        Triple t = pt.triple();
        Node p = pt.process();
        if (compiled.isEmpty()) {
            if (deny) out.accept(pt);
            return;
        }
        // relevant holds every Match, Find and DecisionPoint pattern: a triple outside it needs no other look-up
        int slot = slots.slotOf(t.getPredicate());
        boolean relevantHit = relevant == null || relevant.matches(t, p, slot);
        boolean candidate = relevantHit && touch.matches(t, p, slot);
        if (!p.equals(lastProcess)) {
            lastProcess = p;
            lastClosed = closed.contains(p);
            lastOpen = lastClosed ? null : open.get(p);
        }
        if (lastClosed) {
            if (candidate) withheldLate++;
            else if (deny) out.accept(pt);
            return;
        }
        Open state = lastOpen;
        if (state == null) {
            state = new Open(p, slots, needsSparql);
            open.put(p, state);
            lastOpen = state;
        }
        if (relevantHit) state.graph.add(t, slot); // a triple no query pattern can match changes no answer
        if (candidate) state.pending.add(pt);
        else if (deny) out.accept(pt);
        if (!relevantHit) return;
        for (Compiled c : obligations) {
            // a DecisionPoint that is one triple pattern holds as soon as a triple matching it arrives
            if (c.dpPatterns.matches(t, p, slot) && (c.dpIsTrigger || decisionPointHolds(c, state))) {
                decide(p, state);
                open.remove(p);
                closed.add(p);
                lastClosed = true;
                lastOpen = null;
                return;
            }
        }
    }

    private boolean decisionPointHolds(Compiled c, Open state) {
        if (c.dpDirect == null) return ask(c.dp, state.graph.asGraph(), state.base);
        asks++;
        return c.dpDirect.exists(state.graph, state.base);
    }

    /** End of a finite stream: decides every process whose DecisionPoint never came, on what arrived. */
    public void finish() {
        for (Map.Entry<Node, Open> e : List.copyOf(open.entrySet())) {
            decide(e.getKey(), e.getValue());
            closed.add(e.getKey());
        }
        open.clear();
        lastProcess = null;
        lastOpen = null;
    }

    private void decide(Node p, Open state) {
        Set<Triple> selected = new HashSet<>();
        Set<Triple> removed = new HashSet<>();
        Set<Triple> added = new LinkedHashSet<>();
        Binding base = state.base;
        for (Compiled c : compiled) {
            List<Triple> triples = new ArrayList<>();
            List<Binding> candidates = new ArrayList<>();
            for (ProcessTriple pt : state.pending) {
                Triple t = pt.triple();
                for (Triple pattern : c.o.match()) {
                    Binding mu = Unifier.unify(pattern, t, base);
                    if (mu != null) {
                        triples.add(t);
                        candidates.add(mu);
                    }
                }
            }
            if (candidates.isEmpty()) continue;
            if (c.direct != null) {
                decideDirectly(c, state.graph, candidates.size() > WHOLE_SELECTOR_ABOVE ? List.of(base) : candidates,
                        selected, removed, added);
                continue;
            }
            if (c.absorbed != null) {
                // Q, F and R from one evaluation: the rows of Match with the Condition's truth value
                Set<Binding> rows = new LinkedHashSet<>();
                Graph g = state.graph.asGraph();
                if (candidates.size() > WHOLE_SELECTOR_ABOVE) rows.addAll(select(c.absorbed, g, base));
                else for (Binding mu : candidates) rows.addAll(select(c.absorbed, g, mu));
                for (Binding row : rows) {
                    boolean holds = Boolean.TRUE.equals(row.get(HOLDS).getLiteralValue());
                    if (holds) {
                        List<Triple> q = CompiledQuery.instantiate(c.o.match(), row);
                        selected.addAll(q);
                        selectorInstances.addAll(q);
                    }
                    if (c.o.hasAlternative() && holds == deny) {
                        removed.addAll(CompiledQuery.instantiate(c.o.find(), row));
                        for (Triple r : CompiledQuery.instantiate(c.o.replace(), row)) {
                            added.add(r);
                            alternativeInstances.add(r);
                        }
                    }
                }
                continue;
            }
            Graph g = state.graph.asGraph();
            if (candidates.size() > WHOLE_SELECTOR_ABOVE) {
                // many triples to decide in this process: one evaluation of the whole selector is cheaper than one
                // ASK per triple, and gives the same sets (Q, F, R restricted to this process)
                List<Triple> q = construct(c.selector, g, base);
                selected.addAll(q);
                selectorInstances.addAll(q);
                if (c.find != null) {
                    removed.addAll(construct(c.find, g, base));
                    for (Triple r : construct(c.replace, g, base)) {
                        added.add(r);
                        alternativeInstances.add(r);
                    }
                }
                continue;
            }
            Set<Binding> alternativeBindings = new HashSet<>();
            for (int i = 0; i < candidates.size(); i++) {
                Binding mu = candidates.get(i);
                boolean holds = ask(c.ask, g, mu);
                if (holds) {
                    selected.add(triples.get(i));
                    selectorInstances.add(triples.get(i));
                }
                // deny: Find/Replace apply only where the Condition holds, so a failed ASK means nothing to replace;
                // allow: they apply where it does not, which a binding may have even when the ASK succeeded
                if (holds || !deny) alternativeBindings.add(mu);
            }
            if (c.find == null) continue;
            for (Binding mu : alternativeBindings) {
                removed.addAll(construct(c.find, g, mu));
                for (Triple r : construct(c.replace, g, mu)) {
                    added.add(r);
                    alternativeInstances.add(r);
                }
            }
        }
        for (ProcessTriple pt : state.pending) {
            Triple t = pt.triple();
            boolean visible = deny ? !selected.contains(t) && !removed.contains(t)
                    : selected.contains(t) && !removed.contains(t);
            if (visible) out.accept(pt);
        }
        for (Triple r : added) out.accept(new ProcessTriple(p, r));
    }

    /**
     * Q, F and R of one obligation from direct matching, starting from each binding in {@code starts} (one per
     * candidate triple, or the process alone): Q = Match rows where the Condition holds; F and R = (Match ⋈ Find)
     * rows where it holds (deny) or fails (allow), as the SPARQL selectors define them.
     */
    private void decideDirectly(Compiled c, ProcessGraph g, List<Binding> starts, Set<Triple> selected, Set<Triple> removed,
                                Set<Triple> added) {
        Set<Binding> seen = new HashSet<>();
        for (Binding start : starts) {
            asks++;
            for (Binding row : c.direct.match().solutions(g, start)) {
                if (!seen.add(row) || !c.direct.condition().holds(g, row)) continue;
                List<Triple> q = CompiledQuery.instantiate(c.o.match(), row);
                selected.addAll(q);
                selectorInstances.addAll(q);
            }
        }
        if (c.direct.matchFind() == null) return;
        seen.clear();
        for (Binding start : starts) {
            for (Binding row : c.direct.matchFind().solutions(g, start)) {
                if (!seen.add(row) || c.direct.condition().holds(g, row) != deny) continue;
                removed.addAll(CompiledQuery.instantiate(c.o.find(), row));
                for (Triple r : CompiledQuery.instantiate(c.o.replace(), row)) {
                    added.add(r);
                    alternativeInstances.add(r);
                }
            }
        }
    }

    private static final org.apache.jena.sparql.core.Var HOLDS = org.apache.jena.sparql.core.Var.alloc("coalition_holds");

    /**
     * Selector absorption (seed 003's future work), where it pays: when every Find pattern is also a Match pattern,
     * Match ⋈ Find = Match, so Q (Match where the Condition holds), F and R (Find and Replace where it holds for deny,
     * fails for allow) all come from the rows of one query, {@code SELECT * { Match BIND(Condition AS ?holds) }},
     * instead of three CONSTRUCTs. Null when Find reaches beyond Match.
     */
    private static CompiledQuery absorbed(StreamObligation o) {
        if (!o.match().containsAll(o.find())) return null;
        return new CompiledQuery(org.apache.jena.query.QueryFactory.create(o.prefixes() + "SELECT * WHERE { "
                + o.matchText() + " BIND(" + o.condition().toSparql() + " AS ?" + HOLDS.getVarName() + ") }"));
    }

    private List<Binding> select(CompiledQuery q, Graph g, Binding b) {
        asks++;
        return q.select(g, b);
    }

    private boolean ask(CompiledQuery q, Graph g, Binding b) {
        asks++;
        return q.ask(g, b);
    }

    private List<Triple> construct(CompiledQuery q, Graph g, Binding b) {
        asks++;
        return q.construct(g, b);
    }

    /** Whether the DecisionPoint is exactly one triple pattern (no FILTER, OPTIONAL, ...). */
    private static boolean isSingleTriplePattern(StreamObligation o) {
        return Algebra.compile(o.decisionPointAsk()) instanceof OpBGP bgp && bgp.getPattern().size() == 1;
    }

    static Binding processBinding(Node p) {
        return Binding.builder().add(StreamObligation.PROCESS, p).build();
    }

    /** The instantiated Match selectors so far (V_deny or V_allow as ground triples). */
    public Set<Triple> deniedOrAllowed() {
        return Set.copyOf(selectorInstances);
    }

    /** The instantiated Replace selectors so far (V_alternative as ground triples). */
    public Set<Triple> alternatives() {
        return Set.copyOf(alternativeInstances);
    }

    /** SPARQL evaluations made so far (ASK, DecisionPoint and Alternative CONSTRUCTs). */
    public long queries() {
        return asks;
    }

    /** Candidate triples that arrived after their process's DecisionPoint and were withheld. */
    public long withheldLate() {
        return withheldLate;
    }
}
