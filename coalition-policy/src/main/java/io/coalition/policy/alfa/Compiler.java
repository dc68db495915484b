package io.coalition.policy.alfa;

import io.coalition.policy.alfa.Ast.AttributeDecl;
import io.coalition.policy.alfa.Ast.Child;
import io.coalition.policy.alfa.Ast.ConditionDecl;
import io.coalition.policy.alfa.Ast.Expr;
import io.coalition.policy.alfa.Ast.FunctionDecl;
import io.coalition.policy.alfa.Ast.InfixDecl;
import io.coalition.policy.alfa.Ast.Member;
import io.coalition.policy.alfa.Ast.Namespace;
import io.coalition.policy.alfa.Ast.OperatorImpl;
import io.coalition.policy.alfa.Ast.ParamKind;
import io.coalition.policy.alfa.Ast.ParamSpec;
import io.coalition.policy.alfa.Ast.PepBlock;
import io.coalition.policy.alfa.Ast.PolicyDecl;
import io.coalition.policy.alfa.Ast.QName;
import io.coalition.policy.alfa.Ast.RuleDecl;
import io.coalition.policy.alfa.Ast.Signature;
import io.coalition.policy.alfa.Ast.SimpleDecl;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.DatatypeFactory;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Resolves names, checks types and generates XACML 3.0 for parsed ALFA sources. Identifiers follow the
 * Axiomatics reference compiler: a policy (set) without an explicit id gets
 * {@code http://axiomatics.com/alfa/identifier/<namespace>.<path>}, a rule {@code <namespace>.<path>.<rule>}.
 */
final class Compiler {
    static final String ID_PREFIX = "http://axiomatics.com/alfa/identifier/";
    private static final String XS = "http://www.w3.org/2001/XMLSchema#";
    private static final String BOOLEAN = XS + "boolean";
    private static final String ANY_OF = "urn:oasis:names:tc:xacml:3.0:function:any-of";
    private static final String ANY_OF_ANY = "urn:oasis:names:tc:xacml:3.0:function:any-of-any";
    private static final String AND = "urn:oasis:names:tc:xacml:1.0:function:and";
    private static final String OR = "urn:oasis:names:tc:xacml:1.0:function:or";
    private static final String NOT = "urn:oasis:names:tc:xacml:1.0:function:not";
    private static final String XPATH_VERSION = "http://www.w3.org/TR/1999/REC-xpath-19991116";
    private static final Pattern DOUBLE = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|INF|-INF|NaN");

    enum Space {
        ATTRIBUTE("attribute"), CATEGORY("category"), TYPE("type"), FUNCTION("function"),
        RULE_COMBINATOR("rule combining algorithm"), POLICY_COMBINATOR("policy combining algorithm"),
        OBLIGATION("obligation"), ADVICE("advice"), POLICY("policy or policy set"), RULE("rule"),
        CONDITION("condition");

        final String label;

        Space(String label) {
            this.label = label;
        }
    }

    record Scope(String ns, List<Ast.Import> imports) {
    }

    record Decl(String fullName, Object node, Scope scope, Pos pos) {
    }

    /** A resolved parameter: {@code dt} null means any atomic type. */
    record Param(ParamKind kind, String dt, boolean anyOrBag, boolean varargs) {
    }

    record Fn(String name, String uri, List<Param> params, Param result) {
    }

    record Operator(InfixDecl decl, Scope scope) {
    }

    /** A value type: {@code dt} null means unknown/any. */
    record Ty(String dt, boolean bag, boolean function) {
        static Ty atomic(String dt) {
            return new Ty(dt, false, false);
        }
    }

    record TExpr(XmlNode node, Ty ty, boolean attribute, boolean literal) {
    }

    record AttrInfo(String id, String dt, String category, String issuer) {
    }

    private final Map<Space, Map<String, Decl>> symbols = new EnumMap<>(Space.class);
    private final Map<String, Operator> operators = new HashMap<>();
    private final Map<String, Pos> namespaces = new HashMap<>();
    private final List<Decl> topPolicies = new ArrayList<>();
    private final List<Decl> topRules = new ArrayList<>();
    private final Map<Object, Fn> functions = new HashMap<>();
    private final Map<Object, AttrInfo> attributes = new HashMap<>();
    private final Map<String, String> typeNames = new HashMap<>();
    private final Map<String, Pos> generatedIds = new HashMap<>();
    private final Set<String> conditionsInProgress = new HashSet<>();
    private final DatatypeFactory datatypes;

    Compiler() {
        for (Space s : Space.values()) {
            symbols.put(s, new LinkedHashMap<>());
        }
        try {
            datatypes = DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException("no javax.xml.datatype implementation", e);
        }
    }

    List<CompiledPolicy> compile(List<Ast.SourceFile> files) {
        for (Ast.SourceFile f : files) {
            for (Namespace ns : f.namespaces()) {
                collect(ns, new Scope(null, List.of()));
            }
        }
        symbols.get(Space.TYPE).forEach((name, d) -> typeNames.putIfAbsent(((SimpleDecl) d.node()).uri(),
                ((SimpleDecl) d.node()).name()));
        for (Ast.SourceFile f : files) {
            for (Namespace ns : f.namespaces()) {
                checkImports(ns, null);
            }
        }
        List<CompiledPolicy> out = new ArrayList<>();
        for (Decl d : topPolicies) {
            PolicyDecl pd = (PolicyDecl) d.node();
            String id = policyId(pd, d.fullName());
            XmlNode node = policy(pd, d.scope(), d.fullName());
            out.add(new CompiledPolicy(d.fullName(), id, pd.set(), d.fullName() + ".xml", node.document()));
        }
        // Rules and conditions no policy uses are still checked, so their errors are not silent.
        for (Decl d : topRules) {
            rule((RuleDecl) d.node(), d.scope(), d.fullName(), new HashMap<>());
        }
        for (Decl d : symbols.get(Space.CONDITION).values()) {
            condition(d);
        }
        return out;
    }

    // ---- pass 1: declarations ----

    private void collect(Namespace ns, Scope outer) {
        String full = outer.ns() == null ? ns.name().text() : outer.ns() + "." + ns.name().text();
        String prefix = null;
        for (String part : full.split("\\.")) {
            prefix = prefix == null ? part : prefix + "." + part;
            namespaces.putIfAbsent(prefix, ns.pos());
        }
        List<Ast.Import> imports = new ArrayList<>(outer.imports());
        for (Member m : ns.members()) {
            if (m instanceof Ast.Import i) {
                imports.add(i);
            }
        }
        Scope scope = new Scope(full, List.copyOf(imports));
        for (Member m : ns.members()) {
            if (m instanceof Namespace inner) {
                collect(inner, scope);
            } else if (m instanceof AttributeDecl a) {
                declare(Space.ATTRIBUTE, full + "." + a.name(), a, scope, a.pos());
            } else if (m instanceof SimpleDecl sd) {
                declare(space(sd.kind()), full + "." + sd.name(), sd, scope, sd.pos());
            } else if (m instanceof FunctionDecl fd) {
                declare(Space.FUNCTION, full + "." + fd.name(), fd, scope, fd.pos());
            } else if (m instanceof InfixDecl op) {
                Operator prev = operators.putIfAbsent(op.op(), new Operator(op, scope));
                if (prev != null) {
                    throw new AlfaException(op.pos(), "duplicate operator '" + op.op()
                            + "': already declared at " + prev.decl().pos());
                }
            } else if (m instanceof PolicyDecl pd) {
                topPolicies.add(declare(Space.POLICY, full + "." + pd.name(), pd, scope, pd.pos()));
            } else if (m instanceof RuleDecl rd) {
                if (rd.name() == null) {
                    throw new AlfaException(rd.pos(), "expected a name for a rule declared outside a policy");
                }
                topRules.add(declare(Space.RULE, full + "." + rd.name(), rd, scope, rd.pos()));
            } else if (m instanceof ConditionDecl cd) {
                declare(Space.CONDITION, full + "." + cd.name(), cd, scope, cd.pos());
            }
        }
    }

    private static Space space(Ast.SimpleKind kind) {
        return switch (kind) {
            case CATEGORY -> Space.CATEGORY;
            case TYPE -> Space.TYPE;
            case RULE_COMBINATOR -> Space.RULE_COMBINATOR;
            case POLICY_COMBINATOR -> Space.POLICY_COMBINATOR;
            case OBLIGATION -> Space.OBLIGATION;
            case ADVICE -> Space.ADVICE;
        };
    }

    private Decl declare(Space space, String fullName, Object node, Scope scope, Pos pos) {
        Decl d = new Decl(fullName, node, scope, pos);
        Decl prev = symbols.get(space).putIfAbsent(fullName, d);
        if (prev != null) {
            throw new AlfaException(pos, "duplicate " + space.label + " '" + fullName + "': already declared at "
                    + prev.pos());
        }
        return d;
    }

    private void checkImports(Namespace ns, String outer) {
        String full = outer == null ? ns.name().text() : outer + "." + ns.name().text();
        for (Member m : ns.members()) {
            if (m instanceof Namespace inner) {
                checkImports(inner, full);
            } else if (m instanceof Ast.Import i && importBases(i, full).isEmpty()) {
                throw new AlfaException(i.pos(), i.wildcard()
                        ? "import of unknown namespace '" + i.name().text() + "'"
                        : "import of unknown name '" + i.name().text() + "'");
            }
        }
    }

    /** The declared namespaces (wildcard) or names an import denotes, absolute first, then relative. */
    private List<String> importBases(Ast.Import i, String ns) {
        List<String> out = new ArrayList<>();
        List<String> candidates = new ArrayList<>();
        candidates.add(i.name().text());
        for (String n = ns; n != null; n = parent(n)) {
            candidates.add(n + "." + i.name().text());
        }
        for (String c : candidates) {
            boolean exists = namespaces.containsKey(c)
                    || (!i.wildcard() && symbols.values().stream().anyMatch(m -> m.containsKey(c)));
            if (exists) {
                out.add(c);
            }
        }
        return out;
    }

    private static String parent(String ns) {
        int dot = ns.lastIndexOf('.');
        return dot < 0 ? null : ns.substring(0, dot);
    }

    private Decl resolve(Space space, QName q, Scope scope) {
        Map<String, Decl> table = symbols.get(space);
        String n = q.text();
        for (String ns = scope.ns(); ns != null; ns = parent(ns)) {
            Decl d = table.get(ns + "." + n);
            if (d != null) {
                return d;
            }
        }
        Decl d = table.get(n);
        if (d != null) {
            return d;
        }
        for (Ast.Import i : scope.imports()) {
            for (String base : importBases(i, scope.ns())) {
                String candidate = null;
                if (i.wildcard()) {
                    candidate = base + "." + n;
                } else {
                    String last = base.substring(base.lastIndexOf('.') + 1);
                    if (q.parts().get(0).equals(last)) {
                        candidate = base + n.substring(last.length());
                    }
                }
                if (candidate != null && table.containsKey(candidate)) {
                    return table.get(candidate);
                }
            }
        }
        return table.get("System." + n);
    }

    private Decl require(Space space, QName q, Scope scope) {
        Decl d = resolve(space, q, scope);
        if (d == null) {
            throw new AlfaException(q.pos(), "unknown " + space.label + " '" + q.text() + "'");
        }
        return d;
    }

    // ---- policies and rules ----

    private String policyId(PolicyDecl pd, String path) {
        return pd.explicitId() != null ? pd.explicitId() : ID_PREFIX + path;
    }

    private void claimId(String id, Pos pos) {
        Pos prev = generatedIds.putIfAbsent(id, pos);
        if (prev != null) {
            throw new AlfaException(pos, "duplicate id '" + id + "': already used at " + prev);
        }
    }

    private XmlNode policy(PolicyDecl pd, Scope scope, String path) {
        String id = policyId(pd, path);
        claimId(id, pd.pos());
        Space algSpace = pd.set() ? Space.POLICY_COMBINATOR : Space.RULE_COMBINATOR;
        String alg = ((SimpleDecl) require(algSpace, pd.apply(), scope).node()).uri();
        XmlNode n = new XmlNode(pd.set() ? "PolicySet" : "Policy")
                .attr(pd.set() ? "PolicySetId" : "PolicyId", id)
                .attr(pd.set() ? "PolicyCombiningAlgId" : "RuleCombiningAlgId", alg)
                .attr("Version", "1.0");
        if (pd.doc() != null) {
            n.add(new XmlNode("Description").text(pd.doc()));
        }
        n.add(new XmlNode(pd.set() ? "PolicySetDefaults" : "PolicyDefaults")
                .add(new XmlNode("XPathVersion").text(XPATH_VERSION)));
        n.add(target(pd.target(), scope));
        Map<String, Pos> ruleIds = new HashMap<>();
        int anonymous = 0;
        for (Child c : pd.children()) {
            if (c instanceof RuleDecl rd) {
                String name = rd.name() != null ? rd.name() : "rule" + (++anonymous);
                n.add(rule(rd, scope, path + "." + name, ruleIds));
            } else if (c instanceof PolicyDecl inner) {
                n.add(policy(inner, scope, path + "." + inner.name()));
            } else if (c instanceof Ast.Reference ref && pd.set()) {
                Decl target = require(Space.POLICY, ref.name(), scope);
                PolicyDecl tp = (PolicyDecl) target.node();
                n.add(new XmlNode(tp.set() ? "PolicySetIdReference" : "PolicyIdReference")
                        .text(policyId(tp, target.fullName())));
            } else if (c instanceof Ast.Reference ref) {
                Decl target = require(Space.RULE, ref.name(), scope);
                n.add(rule((RuleDecl) target.node(), target.scope(), target.fullName(), ruleIds));
            }
        }
        pep(n, pd.pep(), scope);
        return n;
    }

    private XmlNode rule(RuleDecl rd, Scope scope, String path, Map<String, Pos> ruleIds) {
        String id = rd.explicitId() != null ? rd.explicitId() : path;
        Pos prev = ruleIds.putIfAbsent(id, rd.pos());
        if (prev != null) {
            throw new AlfaException(rd.pos(), "duplicate rule id '" + id + "': already used at " + prev);
        }
        XmlNode n = new XmlNode("Rule").attr("Effect", rd.effect() == Ast.Effect.PERMIT ? "Permit" : "Deny")
                .attr("RuleId", id);
        if (rd.doc() != null) {
            n.add(new XmlNode("Description").text(rd.doc()));
        }
        n.add(target(rd.target(), scope));
        if (rd.condition() != null) {
            TExpr c = expr(rd.condition(), scope);
            String what = "condition of rule " + (rd.name() == null ? id : rd.name());
            requireBoolean(c, what, rd.condition().pos());
            n.add(new XmlNode("Condition").add(c.node()));
        }
        pep(n, rd.pep(), scope);
        return n;
    }

    private void requireBoolean(TExpr e, String what, Pos pos) {
        if (e.ty().function() || e.ty().bag() || (e.ty().dt() != null && !BOOLEAN.equals(e.ty().dt()))) {
            throw new AlfaException(pos, "type mismatch: " + what + " must be boolean, found "
                    + describe(e.ty()));
        }
    }

    private void pep(XmlNode n, List<PepBlock> blocks, Scope scope) {
        XmlNode obligations = new XmlNode("ObligationExpressions");
        XmlNode advice = new XmlNode("AdviceExpressions");
        for (PepBlock b : blocks) {
            String effect = b.on() == Ast.Effect.PERMIT ? "Permit" : "Deny";
            for (Ast.PepAction a : b.actions()) {
                Space space = a.obligation() ? Space.OBLIGATION : Space.ADVICE;
                String uri = ((SimpleDecl) require(space, a.name(), scope).node()).uri();
                XmlNode e = a.obligation()
                        ? new XmlNode("ObligationExpression").attr("ObligationId", uri).attr("FulfillOn", effect)
                        : new XmlNode("AdviceExpression").attr("AdviceId", uri).attr("AppliesTo", effect);
                for (Ast.Assignment as : a.assignments()) {
                    Decl attr = resolve(Space.ATTRIBUTE, as.attribute(), scope);
                    if (attr == null) {
                        throw new AlfaException(as.pos(), "unknown attribute '" + as.attribute().text() + "' in "
                                + space.label + " " + a.name().text());
                    }
                    AttrInfo info = attribute(attr);
                    TExpr v = expr(as.value(), scope);
                    if (v.ty().function() || (v.ty().dt() != null && !v.ty().dt().equals(info.dt()))) {
                        throw new AlfaException(as.value().pos(), "type mismatch: attribute "
                                + as.attribute().text() + " in " + space.label + " " + a.name().text() + " is "
                                + typeName(info.dt()) + ", found " + describe(v.ty()));
                    }
                    e.add(new XmlNode("AttributeAssignmentExpression").attr("AttributeId", info.id())
                            .attr("Category", info.category()).attr("Issuer", info.issuer()).add(v.node()));
                }
                (a.obligation() ? obligations : advice).add(e);
            }
        }
        if (!obligations.children().isEmpty()) {
            n.add(obligations);
        }
        if (!advice.children().isEmpty()) {
            n.add(advice);
        }
    }

    // ---- targets ----

    private XmlNode target(Ast.Target t, Scope scope) {
        XmlNode n = new XmlNode("Target");
        if (t == null) {
            return n;
        }
        for (List<List<Expr>> clause : t.clauses()) {
            XmlNode anyOf = new XmlNode("AnyOf");
            for (List<Expr> alternative : clause) {
                XmlNode allOf = new XmlNode("AllOf");
                for (Expr m : alternative) {
                    allOf.add(match(m, scope));
                }
                anyOf.add(allOf);
            }
            n.add(anyOf);
        }
        return n;
    }

    private XmlNode match(Expr e, Scope scope) {
        if (e instanceof Ast.Binary b) {
            TExpr l = expr(b.left(), scope);
            TExpr r = expr(b.right(), scope);
            Operator op = operator(b);
            if (l.literal() && r.attribute()) {
                Fn f = implementation(op, l.ty().dt(), r.ty().dt(), b);
                return matchNode(f, l, r, b.pos());
            }
            if (l.attribute() && r.literal()) {
                Fn f;
                if (op.decl().commutative()) {
                    f = implementation(op, r.ty().dt(), l.ty().dt(), b);
                } else if (op.decl().inverse() != null) {
                    Operator inv = operators.get(op.decl().inverse());
                    if (inv == null) {
                        throw new AlfaException(b.pos(), "unknown operator '" + op.decl().inverse()
                                + "' (declared as the inverse of '" + b.op() + "')");
                    }
                    f = implementation(inv, r.ty().dt(), l.ty().dt(), b);
                } else {
                    throw new AlfaException(b.pos(), "operator '" + b.op() + "' is neither commutative nor has an "
                            + "inverse: put the value first in this target match");
                }
                return matchNode(f, r, l, b.pos());
            }
        } else if (e instanceof Ast.Call c && c.args().size() == 2) {
            Fn f = function(require(Space.FUNCTION, c.function(), scope));
            TExpr v = expr(c.args().get(0), scope);
            TExpr a = expr(c.args().get(1), scope);
            if (v.literal() && a.attribute()) {
                checkArgs(f, List.of(v, new TExpr(a.node(), Ty.atomic(a.ty().dt()), true, false)), c);
                return matchNode(f, v, a, c.pos());
            }
        }
        throw new AlfaException(e.pos(), "expected a target match 'attribute operator value' or "
                + "'function(value, attribute)'");
    }

    private XmlNode matchNode(Fn f, TExpr value, TExpr attribute, Pos pos) {
        if (f.result().kind() != ParamKind.ATOMIC || !BOOLEAN.equals(f.result().dt())) {
            throw new AlfaException(pos, "type mismatch: a target match needs a boolean function, "
                    + f.name() + " returns " + describe(f.result()));
        }
        return new XmlNode("Match").attr("MatchId", f.uri()).add(value.node()).add(attribute.node());
    }

    // ---- expressions ----

    private TExpr expr(Expr e, Scope scope) {
        if (e instanceof Ast.Literal l) {
            return literal(l, scope);
        }
        if (e instanceof Ast.Ref r) {
            return reference(r, scope);
        }
        if (e instanceof Ast.Call c) {
            return call(c, scope);
        }
        if (e instanceof Ast.FunctionRef f) {
            return new TExpr(new XmlNode("Function")
                    .attr("FunctionId", function(require(Space.FUNCTION, f.function(), scope)).uri()),
                    new Ty(null, false, true), false, false);
        }
        if (e instanceof Ast.Binary b) {
            return binary(b, scope);
        }
        if (e instanceof Ast.Logic l) {
            XmlNode n = new XmlNode("Apply").attr("FunctionId", l.and() ? AND : OR);
            for (Expr operand : l.operands()) {
                TExpr t = expr(operand, scope);
                requireBoolean(t, "operand of '" + (l.and() ? "and" : "or") + "'", operand.pos());
                n.add(t.node());
            }
            return new TExpr(n, Ty.atomic(BOOLEAN), false, false);
        }
        Ast.Not n = (Ast.Not) e;
        TExpr t = expr(n.operand(), scope);
        requireBoolean(t, "operand of 'not'", n.operand().pos());
        return new TExpr(new XmlNode("Apply").attr("FunctionId", NOT).add(t.node()), Ty.atomic(BOOLEAN),
                false, false);
    }

    private TExpr literal(Ast.Literal l, Scope scope) {
        String dt = switch (l.kind()) {
            case STRING -> l.type() == null ? XS + "string" : typeUri(l.type(), scope);
            case INTEGER -> XS + "integer";
            case DOUBLE -> XS + "double";
            case BOOLEAN -> BOOLEAN;
        };
        if (!validLexical(dt, l.text())) {
            throw new AlfaException(l.pos(), "malformed " + typeName(dt) + " literal \"" + l.text() + "\"");
        }
        return new TExpr(new XmlNode("AttributeValue").attr("DataType", dt).text(l.text()), Ty.atomic(dt), false,
                true);
    }

    private boolean validLexical(String dt, String text) {
        try {
            switch (dt.substring(dt.indexOf('#') + 1)) {
                case "integer" -> new BigInteger(text);
                case "double" -> {
                    return DOUBLE.matcher(text).matches();
                }
                case "boolean" -> {
                    return text.equals("true") || text.equals("false") || text.equals("1") || text.equals("0");
                }
                case "date" -> {
                    return schemaType(text, DatatypeConstants.DATE);
                }
                case "dateTime" -> {
                    return schemaType(text, DatatypeConstants.DATETIME);
                }
                case "time" -> {
                    return schemaType(text, DatatypeConstants.TIME);
                }
                case "dayTimeDuration" -> datatypes.newDurationDayTime(text);
                case "yearMonthDuration" -> datatypes.newDurationYearMonth(text);
                case "anyURI" -> new URI(text);
                default -> {
                    return true;
                }
            }
            return true;
        } catch (IllegalArgumentException | URISyntaxException | UnsupportedOperationException e) {
            return false;
        }
    }

    private boolean schemaType(String text, javax.xml.namespace.QName expected) {
        return datatypes.newXMLGregorianCalendar(text).getXMLSchemaType().equals(expected);
    }

    private TExpr reference(Ast.Ref r, Scope scope) {
        Decl attr = resolve(Space.ATTRIBUTE, r.name(), scope);
        if (attr != null) {
            AttrInfo info = attribute(attr);
            XmlNode n = new XmlNode("AttributeDesignator").attr("AttributeId", info.id())
                    .attr("Category", info.category()).attr("DataType", info.dt()).attr("Issuer", info.issuer())
                    .attr("MustBePresent", "false");
            return new TExpr(n, new Ty(info.dt(), true, false), true, false);
        }
        Decl cond = resolve(Space.CONDITION, r.name(), scope);
        if (cond != null) {
            return condition(cond);
        }
        throw new AlfaException(r.pos(), "unknown attribute '" + r.name().text() + "'");
    }

    private TExpr condition(Decl cond) {
        ConditionDecl cd = (ConditionDecl) cond.node();
        if (!conditionsInProgress.add(cond.fullName())) {
            throw new AlfaException(cd.pos(), "condition " + cond.fullName() + " refers to itself");
        }
        try {
            TExpr t = expr(cd.expr(), cond.scope());
            requireBoolean(t, "condition " + cd.name(), cd.expr().pos());
            return new TExpr(t.node(), t.ty(), false, false);
        } finally {
            conditionsInProgress.remove(cond.fullName());
        }
    }

    private TExpr call(Ast.Call c, Scope scope) {
        Decl d = resolve(Space.FUNCTION, c.function(), scope);
        if (d == null) {
            throw new AlfaException(c.pos(), "unknown function '" + c.function().text() + "'");
        }
        Fn f = function(d);
        List<TExpr> args = new ArrayList<>();
        for (Expr a : c.args()) {
            args.add(expr(a, scope));
        }
        checkArgs(f, args, c);
        XmlNode n = new XmlNode("Apply").attr("FunctionId", f.uri());
        args.forEach(a -> n.add(a.node()));
        Param r = f.result();
        return new TExpr(n, new Ty(r.dt(), r.kind() == ParamKind.BAG, r.kind() == ParamKind.FUNCTION), false,
                false);
    }

    private void checkArgs(Fn f, List<TExpr> args, Ast.Call c) {
        List<Param> ps = f.params();
        boolean varargs = !ps.isEmpty() && ps.get(ps.size() - 1).varargs();
        int required = varargs ? ps.size() - 1 : ps.size();
        if (args.size() < required || (!varargs && args.size() > required)) {
            String count = varargs ? "at least " + plural(required) : plural(required);
            throw new AlfaException(c.pos(), "wrong number of arguments: function " + c.function().text()
                    + " takes " + count + ", found " + args.size());
        }
        for (int i = 0; i < args.size(); i++) {
            Param p = ps.get(Math.min(i, ps.size() - 1));
            Ty t = args.get(i).ty();
            if (!accepts(p, t)) {
                throw new AlfaException(c.args().get(i).pos(), "type mismatch: argument " + (i + 1) + " of "
                        + c.function().text() + " must be " + describe(p) + ", found " + describe(t));
            }
        }
    }

    private static String plural(int n) {
        return n + (n == 1 ? " argument" : " arguments");
    }

    private static boolean accepts(Param p, Ty t) {
        return switch (p.kind()) {
            case FUNCTION -> t.function();
            case BAG -> !t.function() && t.bag() && (p.dt() == null || t.dt() == null || p.dt().equals(t.dt()));
            case ATOMIC -> !t.function() && (p.anyOrBag() || (!t.bag()
                    && (p.dt() == null || t.dt() == null || p.dt().equals(t.dt()))));
        };
    }

    private TExpr binary(Ast.Binary b, Scope scope) {
        TExpr l = expr(b.left(), scope);
        TExpr r = expr(b.right(), scope);
        Operator op = operator(b);
        if (l.ty().function() || r.ty().function()) {
            throw new AlfaException(b.pos(), "type mismatch: operator '" + b.op() + "' cannot take a function");
        }
        if (!l.ty().bag() && !r.ty().bag()) {
            Fn f = implementation(op, l.ty().dt(), r.ty().dt(), b);
            XmlNode n = new XmlNode("Apply").attr("FunctionId", f.uri()).add(l.node()).add(r.node());
            return new TExpr(n, new Ty(f.result().dt(), f.result().kind() == ParamKind.BAG, false), false, false);
        }
        if (!op.decl().allowBags()) {
            TExpr bag = l.ty().bag() ? l : r;
            throw new AlfaException(b.pos(), "type mismatch: operator '" + b.op() + "' does not accept bags, found "
                    + describe(bag.ty()));
        }
        Fn f;
        String hof;
        TExpr first = l;
        TExpr second = r;
        if (l.ty().bag() && r.ty().bag()) {
            f = implementation(op, l.ty().dt(), r.ty().dt(), b);
            hof = ANY_OF_ANY;
        } else if (r.ty().bag()) {
            f = implementation(op, l.ty().dt(), r.ty().dt(), b);
            hof = ANY_OF;
        } else {
            // The bag goes last in any-of, so "bag < 5" becomes any-of(>, 5, bag) through the inverse.
            first = r;
            second = l;
            hof = ANY_OF;
            implementation(op, l.ty().dt(), r.ty().dt(), b); // reports a type error in source order
            if (op.decl().commutative()) {
                f = implementation(op, r.ty().dt(), l.ty().dt(), b);
            } else if (op.decl().inverse() != null && operators.containsKey(op.decl().inverse())) {
                f = implementation(operators.get(op.decl().inverse()), r.ty().dt(), l.ty().dt(), b);
            } else {
                throw new AlfaException(b.pos(), "operator '" + b.op() + "' is neither commutative nor has an "
                        + "inverse, so it cannot take a bag on its left");
            }
        }
        if (f.result().kind() != ParamKind.ATOMIC || !BOOLEAN.equals(f.result().dt())) {
            throw new AlfaException(b.pos(), "type mismatch: operator '" + b.op() + "' over a bag must be boolean");
        }
        XmlNode n = new XmlNode("Apply").attr("FunctionId", hof)
                .add(new XmlNode("Function").attr("FunctionId", f.uri())).add(first.node()).add(second.node());
        return new TExpr(n, Ty.atomic(BOOLEAN), false, false);
    }

    private Operator operator(Ast.Binary b) {
        Operator op = operators.get(b.op());
        if (op == null) {
            throw new AlfaException(b.pos(), "unknown operator '" + b.op() + "'");
        }
        return op;
    }

    /** The implementation of {@code op} for atomic arguments of types a and b (null: any). */
    private Fn implementation(Operator op, String a, String b, Ast.Binary at) {
        for (OperatorImpl impl : op.decl().impls()) {
            Fn f = function(impl, op.decl().op(), impl.uri(), impl.signature(), op.scope());
            if (f.params().size() == 2 && matches(f.params().get(0), a) && matches(f.params().get(1), b)) {
                return f;
            }
        }
        throw new AlfaException(at.pos(), "type mismatch: operator '" + op.decl().op() + "' is not defined for "
                + typeName(a) + " and " + typeName(b));
    }

    private static boolean matches(Param p, String dt) {
        return p.kind() == ParamKind.ATOMIC && (dt == null || p.dt() == null || p.dt().equals(dt));
    }

    // ---- declarations, resolved lazily ----

    private Fn function(Decl d) {
        FunctionDecl fd = (FunctionDecl) d.node();
        return function(fd, fd.name(), fd.uri(), fd.signature(), d.scope());
    }

    private Fn function(Object key, String name, String uri, Signature sig, Scope scope) {
        Fn f = functions.get(key);
        if (f == null) {
            List<Param> params = new ArrayList<>();
            for (ParamSpec p : sig.params()) {
                params.add(param(p, scope));
            }
            f = new Fn(name, uri, List.copyOf(params), param(sig.result(), scope));
            functions.put(key, f);
        }
        return f;
    }

    private Param param(ParamSpec p, Scope scope) {
        if (p.kind() == ParamKind.FUNCTION) {
            return new Param(ParamKind.FUNCTION, null, false, p.varargs());
        }
        String t = p.type().text();
        if (t.equals("anyAtomic")) {
            return new Param(p.kind(), null, false, p.varargs());
        }
        if (t.equals("anyAtomicOrBag")) {
            return new Param(p.kind(), null, true, p.varargs());
        }
        return new Param(p.kind(), typeUri(p.type(), scope), false, p.varargs());
    }

    private String typeUri(QName type, Scope scope) {
        return ((SimpleDecl) require(Space.TYPE, type, scope).node()).uri();
    }

    private AttrInfo attribute(Decl d) {
        AttrInfo info = attributes.get(d.node());
        if (info == null) {
            AttributeDecl a = (AttributeDecl) d.node();
            String dt = typeUri(a.type(), d.scope());
            String category = ((SimpleDecl) require(Space.CATEGORY, a.category(), d.scope()).node()).uri();
            info = new AttrInfo(a.id(), dt, category, a.issuer());
            attributes.put(d.node(), info);
        }
        return info;
    }

    private String typeName(String dt) {
        if (dt == null) {
            return "anyAtomic";
        }
        return typeNames.getOrDefault(dt, dt);
    }

    private String describe(Ty t) {
        if (t.function()) {
            return "function";
        }
        return t.bag() ? "bag[" + typeName(t.dt()) + "]" : typeName(t.dt());
    }

    private String describe(Param p) {
        return switch (p.kind()) {
            case FUNCTION -> "function";
            case BAG -> "bag[" + typeName(p.dt()) + "]";
            case ATOMIC -> p.anyOrBag() ? "anyAtomicOrBag" : typeName(p.dt());
        };
    }
}
