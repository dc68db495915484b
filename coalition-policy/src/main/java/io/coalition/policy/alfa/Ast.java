package io.coalition.policy.alfa;

import java.util.List;

/** The parsed form of ALFA sources (names unresolved, types unchecked). */
final class Ast {
    private Ast() {
    }

    record QName(List<String> parts, Pos pos) {
        QName {
            parts = List.copyOf(parts);
        }

        String text() {
            return String.join(".", parts);
        }
    }

    record SourceFile(String name, List<Namespace> namespaces) {
    }

    sealed interface Member permits Namespace, Import, AttributeDecl, SimpleDecl, FunctionDecl, InfixDecl,
            PolicyDecl, RuleDecl, ConditionDecl {
        Pos pos();
    }

    record Namespace(QName name, List<Member> members, Pos pos) implements Member {
    }

    record Import(QName name, boolean wildcard, Pos pos) implements Member {
    }

    record AttributeDecl(String name, String id, QName type, QName category, String issuer, Pos pos)
            implements Member {
    }

    enum SimpleKind {
        CATEGORY("category"), TYPE("type"), RULE_COMBINATOR("rule combining algorithm"),
        POLICY_COMBINATOR("policy combining algorithm"), OBLIGATION("obligation"), ADVICE("advice");

        final String label;

        SimpleKind(String label) {
            this.label = label;
        }
    }

    /** {@code category|type|ruleCombinator|policyCombinator|obligation|advice NAME = "uri"}. */
    record SimpleDecl(SimpleKind kind, String name, String uri, Pos pos) implements Member {
    }

    enum ParamKind { ATOMIC, BAG, FUNCTION }

    /** A parameter or result type; {@code type} is null for {@code function}. */
    record ParamSpec(ParamKind kind, QName type, boolean varargs, Pos pos) {
    }

    record Signature(List<ParamSpec> params, ParamSpec result) {
    }

    record FunctionDecl(String name, String uri, Signature signature, Pos pos) implements Member {
    }

    record OperatorImpl(String uri, Signature signature) {
    }

    record InfixDecl(String op, boolean allowBags, boolean commutative, List<OperatorImpl> impls, String inverse,
                     Pos pos) implements Member {
    }

    enum Effect { PERMIT, DENY }

    /** A target: clauses (AnyOf) of alternatives (AllOf) of matches. */
    record Target(List<List<List<Expr>>> clauses, Pos pos) {
    }

    record Assignment(QName attribute, Expr value, Pos pos) {
    }

    record PepAction(boolean obligation, QName name, List<Assignment> assignments, Pos pos) {
    }

    record PepBlock(Effect on, List<PepAction> actions, Pos pos) {
    }

    sealed interface Child permits PolicyDecl, RuleDecl, Reference {
    }

    record Reference(QName name) implements Child {
    }

    record PolicyDecl(boolean set, String name, String explicitId, String doc, Target target, QName apply,
                      List<Child> children, List<PepBlock> pep, Pos pos, Pos end) implements Member, Child {
        String kindWord() {
            return set ? "policyset" : "policy";
        }
    }

    record RuleDecl(String name, String explicitId, String doc, Effect effect, Target target, Expr condition,
                    List<PepBlock> pep, Pos pos) implements Member, Child {
    }

    /** A named condition (seed 004 Listing 3: {@code condition isMedicalHub Role == "MedicalHub" and ...}). */
    record ConditionDecl(String name, Expr expr, Pos pos) implements Member {
    }

    sealed interface Expr permits Literal, Ref, Call, FunctionRef, Binary, Logic, Not {
        Pos pos();
    }

    enum LiteralKind { STRING, INTEGER, DOUBLE, BOOLEAN }

    /** A constant; {@code type} is the declared type of a typed literal ({@code "2025-10-31":date}), or null. */
    record Literal(LiteralKind kind, String text, QName type, Pos pos) implements Expr {
    }

    record Ref(QName name, Pos pos) implements Expr {
    }

    record Call(QName function, List<Expr> args, Pos pos) implements Expr {
    }

    record FunctionRef(QName function, Pos pos) implements Expr {
    }

    record Binary(String op, Expr left, Expr right, Pos pos) implements Expr {
    }

    /** {@code and} / {@code or} over two or more operands. */
    record Logic(boolean and, List<Expr> operands, Pos pos) implements Expr {
    }

    record Not(Expr operand, Pos pos) implements Expr {
    }
}
