package io.coalition.policy.alfa;

import io.coalition.policy.alfa.Ast.Assignment;
import io.coalition.policy.alfa.Ast.AttributeDecl;
import io.coalition.policy.alfa.Ast.Child;
import io.coalition.policy.alfa.Ast.ConditionDecl;
import io.coalition.policy.alfa.Ast.Effect;
import io.coalition.policy.alfa.Ast.Expr;
import io.coalition.policy.alfa.Ast.FunctionDecl;
import io.coalition.policy.alfa.Ast.InfixDecl;
import io.coalition.policy.alfa.Ast.Member;
import io.coalition.policy.alfa.Ast.Namespace;
import io.coalition.policy.alfa.Ast.OperatorImpl;
import io.coalition.policy.alfa.Ast.ParamKind;
import io.coalition.policy.alfa.Ast.ParamSpec;
import io.coalition.policy.alfa.Ast.PepAction;
import io.coalition.policy.alfa.Ast.PepBlock;
import io.coalition.policy.alfa.Ast.PolicyDecl;
import io.coalition.policy.alfa.Ast.QName;
import io.coalition.policy.alfa.Ast.RuleDecl;
import io.coalition.policy.alfa.Ast.Signature;
import io.coalition.policy.alfa.Ast.SimpleDecl;
import io.coalition.policy.alfa.Ast.SimpleKind;
import io.coalition.policy.alfa.Ast.Target;
import io.coalition.policy.alfa.Token.Kind;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for ALFA 1.0. Hand-written rather than generated so that every error can say what
 * was being parsed and what was expected there ("expected '{' after policy name, found 'rule'").
 */
final class Parser {
    private final List<Token> tokens;
    private final String sourceName;
    private static final int MAX_DEPTH = 200;
    private int p;
    private int depth;
    private int exprDepth;

    private Parser(String sourceName, List<Token> tokens) {
        this.sourceName = sourceName;
        this.tokens = tokens;
    }

    static Ast.SourceFile parse(AlfaSource source) {
        Parser parser = new Parser(source.name(), Lexer.tokenize(source));
        return parser.file();
    }

    // ---- file and namespace members ----

    private Ast.SourceFile file() {
        List<Namespace> namespaces = new ArrayList<>();
        while (peek().kind() != Kind.EOF) {
            if (!peek().isWord("namespace")) {
                throw expected("'namespace' at top level");
            }
            namespaces.add(namespace());
        }
        return new Ast.SourceFile(sourceName, namespaces);
    }

    private Namespace namespace() {
        if (++depth > MAX_DEPTH) {
            throw new AlfaException(peek().pos(), "namespaces nested deeper than " + MAX_DEPTH + " levels");
        }
        Pos pos = next().pos();
        QName name = qname("namespace name");
        Token open = expectPunct("{", "after namespace name");
        List<Member> members = new ArrayList<>();
        while (!peek().isPunct("}")) {
            if (peek().kind() == Kind.EOF) {
                throw expected("'}' to close namespace " + name.text() + " (opened at line " + open.pos().line()
                        + ")");
            }
            members.add(member());
        }
        next();
        depth--;
        return new Namespace(name, members, pos);
    }

    private Member member() {
        Token t = peek();
        if (t.kind() != Kind.IDENT) {
            throw expected("a declaration, policy, policy set or rule");
        }
        return switch (t.text()) {
            case "namespace" -> namespace();
            case "import" -> importDecl();
            case "attribute" -> attribute();
            case "category" -> simple(SimpleKind.CATEGORY);
            case "type" -> simple(SimpleKind.TYPE);
            case "ruleCombinator" -> simple(SimpleKind.RULE_COMBINATOR);
            case "policyCombinator" -> simple(SimpleKind.POLICY_COMBINATOR);
            case "obligation" -> simple(SimpleKind.OBLIGATION);
            case "advice" -> simple(SimpleKind.ADVICE);
            case "function" -> function();
            case "infix" -> infix();
            case "policy" -> policy(false);
            case "policyset" -> policy(true);
            case "rule" -> rule();
            case "condition" -> namedCondition();
            default -> throw expected("a declaration, policy, policy set or rule");
        };
    }

    private Ast.Import importDecl() {
        Pos pos = next().pos();
        List<String> parts = new ArrayList<>();
        parts.add(ident("namespace or name after 'import'").text());
        boolean wildcard = false;
        while (peek().isPunct(".")) {
            next();
            if (peek().isOp("*")) {
                next();
                wildcard = true;
                break;
            }
            parts.add(ident("name or '*' after '.' in import").text());
        }
        return new Ast.Import(new QName(parts, pos), wildcard, pos);
    }

    private AttributeDecl attribute() {
        Pos pos = next().pos();
        String name = ident("attribute name").text();
        expectPunct("{", "after attribute name");
        String id = null;
        String issuer = null;
        QName type = null;
        QName category = null;
        while (!peek().isPunct("}")) {
            Token key = peek();
            if (!(key.isWord("id") || key.isWord("type") || key.isWord("category") || key.isWord("issuer"))) {
                throw expected("'id', 'type', 'category', 'issuer' or '}' in attribute " + name);
            }
            next();
            expectOp("=", "after '" + key.text() + "'");
            switch (key.text()) {
                case "id" -> id = string("attribute id").text();
                case "issuer" -> issuer = string("issuer").text();
                case "type" -> type = qname("type name");
                default -> category = qname("category name");
            }
        }
        Token close = next();
        for (String[] req : new String[][] {{"id", id}, {"type", type == null ? null : ""},
                {"category", category == null ? null : ""}}) {
            if (req[1] == null) {
                throw new AlfaException(close.pos(), "attribute " + name + " has no '" + req[0] + "'");
            }
        }
        return new AttributeDecl(name, id, type, category, issuer, pos);
    }

    private SimpleDecl simple(SimpleKind kind) {
        Token kw = next();
        String name = ident(kw.text() + " name").text();
        expectOp("=", "after " + kw.text() + " name");
        String uri = string("identifier of " + kw.text() + " " + name).text();
        return new SimpleDecl(kind, name, uri, kw.pos());
    }

    private FunctionDecl function() {
        Pos pos = next().pos();
        String name = ident("function name").text();
        expectOp("=", "after function name");
        String uri = string("function identifier").text();
        expectPunct(":", "before the signature of function " + name);
        return new FunctionDecl(name, uri, signature(), pos);
    }

    private Signature signature() {
        List<ParamSpec> params = new ArrayList<>();
        while (!peek().isOp("->")) {
            if (peek().kind() != Kind.IDENT) {
                throw expected("a parameter type or '->'");
            }
            params.add(paramSpec(true));
        }
        next();
        return new Signature(params, paramSpec(false));
    }

    private ParamSpec paramSpec(boolean allowVarargs) {
        Token t = ident("type");
        ParamSpec spec;
        if (t.text().equals("function")) {
            spec = new ParamSpec(ParamKind.FUNCTION, null, false, t.pos());
        } else if (t.text().equals("bag") && peek().isPunct("[")) {
            next();
            QName type = qname("type in bag[...]");
            expectPunct("]", "after bag element type");
            spec = new ParamSpec(ParamKind.BAG, type, false, t.pos());
        } else {
            List<String> parts = new ArrayList<>(List.of(t.text()));
            while (peek().isPunct(".")) {
                next();
                parts.add(ident("type name").text());
            }
            spec = new ParamSpec(ParamKind.ATOMIC, new QName(parts, t.pos()), false, t.pos());
        }
        if (allowVarargs && peek().isOp("*")) {
            next();
            spec = new ParamSpec(spec.kind(), spec.type(), true, spec.pos());
        }
        return spec;
    }

    private InfixDecl infix() {
        Pos pos = next().pos();
        boolean allowBags = false;
        boolean comm = false;
        while (peek().isWord("allowbags") || peek().isWord("comm")) {
            if (next().text().equals("allowbags")) {
                allowBags = true;
            } else {
                comm = true;
            }
        }
        expectPunct("(", "before the operator name in infix declaration");
        String op = operator("operator name");
        expectPunct(")", "after operator name");
        expectOp("=", "after operator name");
        expectPunct("{", "before the implementations of operator " + op);
        List<OperatorImpl> impls = new ArrayList<>();
        while (!peek().isPunct("}")) {
            String uri = string("a function identifier or '}'").text();
            expectPunct(":", "after function identifier");
            impls.add(new OperatorImpl(uri, signature()));
        }
        next();
        String inverse = null;
        if (peek().isWord("inv")) {
            next();
            inverse = operator("inverse operator name");
        }
        return new InfixDecl(op, allowBags, comm, impls, inverse, pos);
    }

    private String operator(String what) {
        Token t = peek();
        if (t.kind() != Kind.OP) {
            throw expected(what);
        }
        return next().text();
    }

    private ConditionDecl namedCondition() {
        Pos pos = next().pos();
        String name = ident("condition name").text();
        return new ConditionDecl(name, expression(), pos);
    }

    // ---- policies, policy sets, rules ----

    private PolicyDecl policy(boolean set) {
        if (++depth > MAX_DEPTH) {
            throw new AlfaException(peek().pos(), "policy sets nested deeper than " + MAX_DEPTH + " levels");
        }
        Token kw = next();
        String word = kw.text();
        String doc = kw.doc();
        String name = ident(word + " name").text();
        String explicitId = null;
        if (peek().isOp("=")) {
            next();
            explicitId = string(word + " identifier").text();
        }
        expectPunct("{", "after " + word + " name");
        Target target = null;
        QName apply = null;
        List<Child> children = new ArrayList<>();
        List<PepBlock> pep = new ArrayList<>();
        while (!peek().isPunct("}")) {
            Token t = peek();
            if (t.kind() == Kind.EOF) {
                throw expected("'}' to close " + word + " " + name);
            }
            if (t.isWord("target")) {
                if (target != null) {
                    throw new AlfaException(t.pos(), "second target in " + word + " " + name);
                }
                target = target();
            } else if (t.isWord("apply")) {
                if (apply != null) {
                    throw new AlfaException(t.pos(), "second 'apply' in " + word + " " + name);
                }
                next();
                apply = qname("a combining algorithm after 'apply'");
            } else if (t.isWord("on")) {
                pep.add(pepBlock());
            } else if (!set && t.isWord("rule")) {
                children.add(rule());
            } else if (set && (t.isWord("policy") || t.isWord("policyset"))) {
                children.add(policy(t.text().equals("policyset")));
            } else if (t.isWord("condition")) {
                throw new AlfaException(t.pos(), "a " + word + " cannot have a condition (only rules can): "
                        + "expected 'target', 'apply', " + (set ? "'policy', 'policyset'" : "'rule'")
                        + ", 'on' or a reference");
            } else if (t.kind() == Kind.IDENT && !isKeyword(t.text())) {
                children.add(new Ast.Reference(qname("reference")));
            } else {
                throw expected("'target', 'apply', " + (set ? "'policy', 'policyset'" : "'rule'")
                        + ", 'on', a reference or '}' in " + word + " " + name);
            }
        }
        Token close = next();
        if (apply == null) {
            throw new AlfaException(close.pos(), "missing combining algorithm: expected 'apply' in " + word + " "
                    + name + " before '}'");
        }
        depth--;
        return new PolicyDecl(set, name, explicitId, doc, target, apply, children, pep, kw.pos(), close.pos());
    }

    private static boolean isKeyword(String s) {
        return switch (s) {
            case "namespace", "import", "attribute", "category", "type", "ruleCombinator", "policyCombinator",
                 "obligation", "advice", "function", "infix", "policy", "policyset", "rule", "target", "clause",
                 "apply", "condition", "permit", "deny", "on", "and", "or", "not" -> true;
            default -> false;
        };
    }

    private RuleDecl rule() {
        Token kw = next();
        String name = null;
        if (peek().kind() == Kind.IDENT) {
            name = next().text();
        }
        String explicitId = null;
        if (peek().isOp("=")) {
            next();
            explicitId = string("rule identifier").text();
        }
        expectPunct("{", name == null ? "after 'rule'" : "after rule name");
        String label = name == null ? "rule" : "rule " + name;
        Effect effect = null;
        Target target = null;
        Expr condition = null;
        List<PepBlock> pep = new ArrayList<>();
        while (!peek().isPunct("}")) {
            Token t = peek();
            if (t.isWord("permit") || t.isWord("deny")) {
                if (effect != null) {
                    throw new AlfaException(t.pos(), "second effect in " + label);
                }
                next();
                effect = t.text().equals("permit") ? Effect.PERMIT : Effect.DENY;
            } else if (t.isWord("target")) {
                if (target != null) {
                    throw new AlfaException(t.pos(), "second target in " + label);
                }
                target = target();
            } else if (t.isWord("condition")) {
                if (condition != null) {
                    throw new AlfaException(t.pos(), "second condition in " + label);
                }
                next();
                condition = expression();
            } else if (t.isWord("on")) {
                pep.add(pepBlock());
            } else {
                throw expected("'permit', 'deny', 'target', 'condition', 'on' or '}' in " + label);
            }
        }
        Token close = next();
        if (effect == null) {
            throw new AlfaException(close.pos(), "missing effect: expected 'permit' or 'deny' in " + label
                    + " before '}'");
        }
        return new RuleDecl(name, explicitId, kw.doc(), effect, target, condition, pep, kw.pos());
    }

    private Target target() {
        Pos pos = next().pos();
        List<List<List<Expr>>> clauses = new ArrayList<>();
        if (!peek().isWord("clause")) {
            throw expected("'clause' after 'target'");
        }
        while (peek().isWord("clause")) {
            next();
            List<List<Expr>> anyOf = new ArrayList<>();
            List<Expr> allOf = new ArrayList<>();
            allOf.add(binary(0));
            while (peek().isWord("and") || peek().isWord("or")) {
                if (next().text().equals("or")) {
                    anyOf.add(allOf);
                    allOf = new ArrayList<>();
                }
                allOf.add(binary(0));
            }
            anyOf.add(allOf);
            clauses.add(anyOf);
        }
        return new Target(clauses, pos);
    }

    private PepBlock pepBlock() {
        Pos pos = next().pos();
        Effect on;
        if (peek().isWord("permit")) {
            on = Effect.PERMIT;
        } else if (peek().isWord("deny")) {
            on = Effect.DENY;
        } else {
            throw expected("'permit' or 'deny' after 'on'");
        }
        next();
        expectPunct("{", "after 'on " + on.name().toLowerCase() + "'");
        List<PepAction> actions = new ArrayList<>();
        while (!peek().isPunct("}")) {
            Token t = peek();
            if (!(t.isWord("obligation") || t.isWord("advice"))) {
                throw expected("'obligation', 'advice' or '}'");
            }
            next();
            QName name = qname(t.text() + " name");
            List<Assignment> assignments = new ArrayList<>();
            if (!peek().isPunct("{")) {
                // An obligation or advice without attribute assignments may omit its braces.
                actions.add(new PepAction(t.text().equals("obligation"), name, assignments, t.pos()));
                continue;
            }
            next();
            while (!peek().isPunct("}")) {
                if (peek().kind() != Kind.IDENT) {
                    throw expected("an attribute name or '}' in " + t.text() + " " + name.text());
                }
                QName attr = qname("attribute name");
                expectOp("=", "after attribute name in " + t.text() + " " + name.text());
                assignments.add(new Assignment(attr, expression(), attr.pos()));
            }
            next();
            actions.add(new PepAction(t.text().equals("obligation"), name, assignments, t.pos()));
        }
        next();
        return new PepBlock(on, actions, pos);
    }

    // ---- expressions ----

    private Expr expression() {
        // Bounded so that hostile input fails with a message rather than a StackOverflowError.
        if (++exprDepth > MAX_DEPTH) {
            throw new AlfaException(peek().pos(), "expression nested deeper than " + MAX_DEPTH + " levels");
        }
        try {
            return or();
        } finally {
            exprDepth--;
        }
    }

    private Expr or() {
        Expr first = and();
        if (!peek().isWord("or")) {
            return first;
        }
        List<Expr> ops = new ArrayList<>(List.of(first));
        while (peek().isWord("or")) {
            next();
            ops.add(and());
        }
        return new Ast.Logic(false, ops, first.pos());
    }

    private Expr and() {
        Expr first = not();
        if (!peek().isWord("and")) {
            return first;
        }
        List<Expr> ops = new ArrayList<>(List.of(first));
        while (peek().isWord("and")) {
            next();
            ops.add(not());
        }
        return new Ast.Logic(true, ops, first.pos());
    }

    private Expr not() {
        List<Pos> nots = new ArrayList<>();
        while (peek().isWord("not") && !peekAt(1).isPunct("(")) {
            nots.add(next().pos());
            if (nots.size() > MAX_DEPTH) {
                throw new AlfaException(peek().pos(), "more than " + MAX_DEPTH + " 'not' in a row");
            }
        }
        Expr e = binary(0);
        for (int i = nots.size() - 1; i >= 0; i--) {
            e = new Ast.Not(e, nots.get(i));
        }
        return e;
    }

    /**
     * Precedence climbing over user-declared infix operators. An operator's precedence is given by its first
     * character, lowest first: {@code |}, {@code ^}, {@code &}, {@code = !}, {@code < >}, {@code + -},
     * {@code * / %}, anything else; operators of equal precedence associate to the left.
     */
    private Expr binary(int minPrec) {
        Expr left = unary();
        int chain = 0;
        while (peek().kind() == Kind.OP && !peek().isOp("=") && precedence(peek().text()) >= minPrec) {
            if (++chain > MAX_DEPTH) {
                throw new AlfaException(peek().pos(), "more than " + MAX_DEPTH + " operators in a row");
            }
            Token op = next();
            Expr right = binary(precedence(op.text()) + 1);
            left = new Ast.Binary(op.text(), left, right, op.pos());
        }
        return left;
    }

    static int precedence(String op) {
        return switch (op.charAt(0)) {
            case '|' -> 1;
            case '^' -> 2;
            case '&' -> 3;
            case '=', '!' -> 4;
            case '<', '>' -> 5;
            case '+', '-' -> 6;
            case '*', '/', '%' -> 7;
            default -> 8;
        };
    }

    private Expr unary() {
        Token t = peek();
        if (t.isOp("-") && (peekAt(1).kind() == Kind.INTEGER || peekAt(1).kind() == Kind.DOUBLE)) {
            next();
            Token n = next();
            return new Ast.Literal(n.kind() == Kind.INTEGER ? Ast.LiteralKind.INTEGER : Ast.LiteralKind.DOUBLE,
                    "-" + n.text(), null, t.pos());
        }
        return primary();
    }

    private Expr primary() {
        Token t = peek();
        switch (t.kind()) {
            case STRING -> {
                next();
                QName type = null;
                if (peek().isPunct(":")) {
                    next();
                    type = qname("a type name after ':'");
                }
                return new Ast.Literal(Ast.LiteralKind.STRING, t.text(), type, t.pos());
            }
            case INTEGER -> {
                next();
                return new Ast.Literal(Ast.LiteralKind.INTEGER, t.text(), null, t.pos());
            }
            case DOUBLE -> {
                next();
                return new Ast.Literal(Ast.LiteralKind.DOUBLE, t.text(), null, t.pos());
            }
            case PUNCT -> {
                if (t.isPunct("(")) {
                    next();
                    Expr e = expression();
                    expectPunct(")", "to close '(' opened at line " + t.pos().line() + " column "
                            + t.pos().column());
                    return e;
                }
                throw expected("an expression");
            }
            case IDENT -> {
                if (t.isWord("true") || t.isWord("false")) {
                    next();
                    return new Ast.Literal(Ast.LiteralKind.BOOLEAN, t.text(), null, t.pos());
                }
                if (t.isWord("function") && peekAt(1).isPunct("[")) {
                    next();
                    next();
                    QName f = qname("function name in function[...]");
                    expectPunct("]", "after function name in function[...]");
                    return new Ast.FunctionRef(f, t.pos());
                }
                if (isKeyword(t.text()) && !t.isWord("not")) {
                    throw expected("an expression");
                }
                QName name = qname("a name");
                if (peek().isPunct("(")) {
                    next();
                    List<Expr> args = new ArrayList<>();
                    if (!peek().isPunct(")")) {
                        args.add(expression());
                        while (peek().isPunct(",")) {
                            next();
                            args.add(expression());
                        }
                    }
                    expectPunct(")", "after the arguments of " + name.text());
                    return new Ast.Call(name, args, name.pos());
                }
                return new Ast.Ref(name, name.pos());
            }
            default -> throw expected("an expression");
        }
    }

    // ---- helpers ----

    private QName qname(String what) {
        Token first = ident(what);
        List<String> parts = new ArrayList<>(List.of(first.text()));
        while (peek().isPunct(".") && peekAt(1).kind() == Kind.IDENT) {
            next();
            parts.add(next().text());
        }
        return new QName(parts, first.pos());
    }

    private Token ident(String what) {
        if (peek().kind() != Kind.IDENT) {
            throw expected(what);
        }
        return next();
    }

    private Token string(String what) {
        if (peek().kind() != Kind.STRING) {
            throw expected(what + " (a string)");
        }
        return next();
    }

    private Token expectPunct(String punct, String context) {
        if (!peek().isPunct(punct)) {
            throw expected("'" + punct + "' " + context);
        }
        return next();
    }

    private void expectOp(String op, String context) {
        if (!peek().isOp(op)) {
            throw expected("'" + op + "' " + context);
        }
        next();
    }

    private AlfaException expected(String what) {
        Token t = peek();
        return new AlfaException(t.pos(), "expected " + what + ", found " + t.describe());
    }

    private Token peek() {
        return tokens.get(p);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(p + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(p);
        if (t.kind() != Kind.EOF) {
            p++;
        }
        return t;
    }
}
