package io.coalition.streamaccess.filter;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.sparql.core.TriplePath;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.expr.E_BNode;
import org.apache.jena.sparql.expr.E_Function;
import org.apache.jena.sparql.expr.E_Now;
import org.apache.jena.sparql.expr.E_Random;
import org.apache.jena.sparql.expr.E_StrUUID;
import org.apache.jena.sparql.expr.E_UUID;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.expr.ExprFunctionOp;
import org.apache.jena.sparql.expr.ExprVars;
import org.apache.jena.sparql.function.FunctionEnv;
import org.apache.jena.sparql.function.FunctionEnvBase;
import org.apache.jena.sparql.syntax.Element;
import org.apache.jena.sparql.syntax.ElementFilter;
import org.apache.jena.sparql.syntax.ElementGroup;
import org.apache.jena.sparql.syntax.ElementPathBlock;
import org.apache.jena.sparql.syntax.ElementTriplesBlock;
import org.apache.jena.vocabulary.XSD;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A basic graph pattern with FILTERs, matched directly on a (small, per-process) {@link ProcessGraph} by nested
 * scans of one predicate's triples instead of through ARQ: per process, building, optimizing and running a SPARQL plan cost far more than the few
 * look-ups the pattern needs. Same solutions as SPARQL's BGP + FILTER over the same graph: triples are matched with
 * term equality (as ARQ does on an in-memory graph), a FILTER holds where it evaluates to true (an error
 * rejects the solution), and since FILTERs of a group apply to all its solutions, each is checked as soon as its
 * variables are bound (cheap rejections first). Patterns are joined greedily (see {@link #pick}), in
 * an order planned once per set of variables bound at the start.
 */
final class DirectPattern {
    private static final int MAX_FILTERS = 63;

    private final Triple[] patterns;
    /** Per pattern: the slot of its constant predicate, or -1 when the predicate is a variable. */
    private final int[] slots;
    private final Filter[] filters;
    private final Var[][] filterVars;
    /** Every variable of the patterns and FILTERs; which of them a start binding binds selects the plan. */
    private final Var[] vars;
    /** Join plans by start mask (usually one or two: the process alone, or a waiting triple's bindings). */
    private Plan[] plans = new Plan[0];

    /**
     * The join order for one set of variables bound at the start, and the FILTERs to test before each step (index
     * {@code patterns.length}: at the end, including FILTERs on variables no pattern binds, which then fail):
     * which variables are bound at each step does not depend on the values, so the greedy choice is made once.
     */
    private record Plan(long mask, int[] order, long[] checkBefore) {
    }

    /**
     * One FILTER with the last values of its variables and its result: the Or of a Condition repeats a FILTER (the
     * amount threshold) in every disjunct and every row of a process has the same amount, while casting the literal
     * costs more than the whole join. Shared by equal FILTERs of one Condition; not for FILTERs whose value may
     * change between calls (RAND, NOW, UUID, BNODE).
     */
    static final class Filter {
        private final Expr expr;
        private final Var[] vars;
        private final boolean memo;
        private final FunctionEnv env = new FunctionEnvBase();
        private Node[] lastValues;
        private boolean lastResult;

        Filter(Expr expr) {
            this.expr = expr;
            this.vars = ExprVars.getVarsMentioned(expr).toArray(Var[]::new);
            this.memo = deterministic(expr);
        }

        boolean test(Binding b) {
            if (!memo) return expr.isSatisfied(b, env);
            if (lastValues != null && sameAsLast(b)) return lastResult; // the usual case: no allocation
            Node[] values = new Node[vars.length];
            for (int i = 0; i < vars.length; i++) values[i] = b.get(vars[i]);
            if (!Arrays.equals(values, lastValues)) {
                lastResult = expr.isSatisfied(b, env);
                lastValues = values;
            }
            return lastResult;
        }

        private boolean sameAsLast(Binding b) {
            for (int i = 0; i < vars.length; i++) if (!java.util.Objects.equals(b.get(vars[i]), lastValues[i])) return false;
            return true;
        }

        private static boolean deterministic(Expr e) {
            if (e instanceof E_Random || e instanceof E_Now || e instanceof E_UUID || e instanceof E_StrUUID
                    || e instanceof E_BNode) return false;
            // an extension function may be anything; XSD casts are pure
            if (e instanceof E_Function f && !f.getFunctionIRI().startsWith(XSD.getURI())) return false;
            if (e.isFunction()) for (Expr a : e.getFunction().getArgs()) if (!deterministic(a)) return false;
            return true;
        }
    }

    DirectPattern(List<Triple> patterns, List<Filter> filters, PredicateSlots predicateSlots) {
        // variables as Var instances, so the per-row Var.alloc calls below return them without allocating
        this.patterns = patterns.stream().map(t -> Triple.create(asVar(t.getSubject()), asVar(t.getPredicate()),
                asVar(t.getObject()))).toArray(Triple[]::new);
        this.slots = new int[this.patterns.length];
        for (int i = 0; i < slots.length; i++) {
            Node p = this.patterns[i].getPredicate();
            slots[i] = p.isVariable() ? -1 : predicateSlots.register(p);
        }
        this.filters = filters.toArray(Filter[]::new);
        this.filterVars = new Var[this.filters.length][];
        for (int i = 0; i < this.filters.length; i++) filterVars[i] = this.filters[i].vars;
        java.util.LinkedHashSet<Var> all = new java.util.LinkedHashSet<>();
        for (Triple t : this.patterns) {
            for (Node n : new Node[] {t.getSubject(), t.getPredicate(), t.getObject()}) if (n.isVariable()) all.add((Var) n);
        }
        for (Var[] fv : filterVars) all.addAll(List.of(fv));
        this.vars = all.toArray(Var[]::new);
    }

    /**
     * The group pattern {@code text} (the inside of {@code { }}) as a direct pattern, or null when it is more than
     * triple patterns and FILTERs (OPTIONAL, UNION, nested groups, property paths, EXISTS inside a FILTER, ...).
     */
    static DirectPattern parse(String prefixes, String text, Map<Expr, Filter> shared, PredicateSlots slots) {
        Query q = QueryFactory.create(prefixes + "ASK { " + text + " }");
        if (!(q.getQueryPattern() instanceof ElementGroup group)) return null;
        List<Triple> triples = new ArrayList<>();
        List<Filter> filters = new ArrayList<>();
        for (Element e : group.getElements()) {
            if (e instanceof ElementPathBlock block) {
                for (TriplePath tp : block.getPattern().getList()) {
                    if (!tp.isTriple()) return null;
                    triples.add(tp.asTriple());
                }
            } else if (e instanceof ElementTriplesBlock block) {
                triples.addAll(block.getPattern().getList());
            } else if (e instanceof ElementFilter f && !mentionsGraphPattern(f.getExpr())) {
                filters.add(shared.computeIfAbsent(f.getExpr(), Filter::new));
            } else {
                return null;
            }
        }
        if (filters.size() > MAX_FILTERS) return null;
        return new DirectPattern(triples, filters, slots);
    }

    private static boolean mentionsGraphPattern(Expr e) {
        if (e instanceof ExprFunctionOp) return true;
        if (e.isFunction()) for (Expr a : e.getFunction().getArgs()) if (mentionsGraphPattern(a)) return true;
        return false;
    }

    /** Whether some solution extends {@code b}. */
    boolean exists(ProcessGraph g, Binding b) {
        return solve(g, b, 0, plan(b), row -> true);
    }

    /** Every solution extending {@code b} (with b's bindings), in no particular order, duplicates as found. */
    List<Binding> solutions(ProcessGraph g, Binding b) {
        List<Binding> out = new ArrayList<>();
        solve(g, b, 0, plan(b), row -> {
            out.add(row);
            return false;
        });
        return out;
    }

    /** Returns true as soon as {@code found} does (stop); {@code level} patterns of the plan are joined in b. */
    private boolean solve(ProcessGraph g, Binding b, int level, Plan plan, Predicate<Binding> found) {
        for (long m = plan.checkBefore[level]; m != 0; m &= m - 1) {
            if (!filters[Long.numberOfTrailingZeros(m)].test(b)) return false;
        }
        if (level == patterns.length) return found.test(b);
        int next = plan.order[level];
        Triple pattern = patterns[next];
        Node s = value(pattern.getSubject(), b);
        Node p = value(pattern.getPredicate(), b);
        Node o = value(pattern.getObject(), b);
        if (s != null && p != null && o != null) return g.contains(s, p, o) && solve(g, b, level + 1, plan, found);
        // scan the one predicate's bucket (all of them for an unbound predicate variable), comparing what is bound
        int slot = slots[next] >= 0 ? slots[next] : p != null ? g.slotOf(p) : -1;
        int from = slot >= 0 ? slot : 0;
        int to = slot >= 0 ? slot + 1 : g.buckets();
        for (int k = from; k < to; k++) {
            Triple[] bucket = g.bucket(k);
            for (int i = 0, n = g.size(k); i < n; i++) {
                Triple t = bucket[i];
                if (o != null && !o.equals(t.getObject()) || s != null && !s.equals(t.getSubject())
                        || p != null && !p.equals(t.getPredicate())) continue;
                Binding row = extend(pattern, t, b);
                if (row != null && solve(g, row, level + 1, plan, found)) return true;
            }
        }
        return false;
    }

    private Plan plan(Binding b) {
        boolean cached = vars.length < 64;
        long mask = 0;
        if (cached) {
            for (int i = 0; i < vars.length; i++) if (b.contains(vars[i])) mask |= 1L << i;
            for (Plan p : plans) if (p.mask == mask) return p;
        }
        Set<Var> bound = new HashSet<>();
        for (Var v : vars) if (b.contains(v)) bound.add(v);
        Plan p = makePlan(mask, bound);
        if (cached) {
            plans = Arrays.copyOf(plans, plans.length + 1);
            plans[plans.length - 1] = p;
        }
        return p;
    }

    private Plan makePlan(long mask, Set<Var> bound) {
        int n = patterns.length;
        int[] order = new int[n];
        long[] check = new long[n + 1];
        long checked = 0;
        long used = 0;
        for (int k = 0; k <= n; k++) {
            for (int i = 0; i < filters.length; i++) {
                if ((checked & (1L << i)) == 0 && (k == n || bound.containsAll(List.of(filterVars[i])))) {
                    check[k] |= 1L << i;
                    checked |= 1L << i;
                }
            }
            if (k == n) break;
            int next = pick(bound, used);
            order[k] = next;
            used |= 1L << next;
            Triple t = patterns[next];
            for (Node v : new Node[] {t.getSubject(), t.getPredicate(), t.getObject()}) if (v.isVariable()) bound.add((Var) v);
        }
        return new Plan(mask, order, check);
    }

    /**
     * The next pattern to join: one completing a FILTER first (cheap rejections), then bound positions, a bound
     * object weighing most (in event data an object, a class or an agent, selects far fewer triples than a subject
     * such as the process, which has every task); ties go to more constants, then text order.
     */
    private int pick(Set<Var> b, long used) {
        int best = -1;
        int bestScore = -1;
        for (int i = 0; i < patterns.length; i++) {
            if ((used & (1L << i)) != 0) continue;
            Triple t = patterns[i];
            int score = 2 * bound(t.getSubject(), b) + 2 * bound(t.getPredicate(), b) + 4 * bound(t.getObject(), b);
            if (completesFilter(t, b)) score += 3;
            score = 4 * score + constants(t);
            if (score > bestScore) {
                best = i;
                bestScore = score;
            }
        }
        return best;
    }

    private static Node asVar(Node n) {
        return n.isVariable() ? Var.alloc(n) : n;
    }

    private static int constants(Triple t) {
        return (t.getSubject().isVariable() ? 0 : 1) + (t.getPredicate().isVariable() ? 0 : 1)
                + (t.getObject().isVariable() ? 0 : 1);
    }

    private boolean completesFilter(Triple t, Set<Var> b) {
        for (Var[] fv : filterVars) {
            boolean all = fv.length > 0;
            for (Var v : fv) {
                if (!b.contains(v) && !v.equals(t.getSubject()) && !v.equals(t.getPredicate())
                        && !v.equals(t.getObject())) {
                    all = false;
                    break;
                }
            }
            if (all) return true;
        }
        return false;
    }

    private static int bound(Node n, Set<Var> b) {
        return !n.isVariable() || b.contains(n) ? 1 : 0;
    }

    private static Node value(Node n, Binding b) {
        return n.isVariable() ? b.get(Var.alloc(n)) : n;
    }

    /** b extended with the pattern's variables taken from t; null when a variable repeated in it differs. */
    private static Binding extend(Triple pattern, Triple t, Binding b) {
        var builder = Binding.builder(b);
        if (!bind(pattern.getSubject(), t.getSubject(), builder)) return null;
        if (!bind(pattern.getPredicate(), t.getPredicate(), builder)) return null;
        if (!bind(pattern.getObject(), t.getObject(), builder)) return null;
        return builder.build();
    }

    private static boolean bind(Node pattern, Node value, org.apache.jena.sparql.engine.binding.BindingBuilder b) {
        if (!pattern.isVariable()) return true; // matched by find
        Var v = Var.alloc(pattern);
        Node bound = b.get(v);
        if (bound != null) return bound.equals(value);
        b.add(v, value);
        return true;
    }
}
