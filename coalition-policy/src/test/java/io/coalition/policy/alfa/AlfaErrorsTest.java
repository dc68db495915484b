package io.coalition.policy.alfa;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Malformed ALFA gives one precise message: source, line, column, and what was expected or wrong. */
class AlfaErrorsTest {

    /** A small valid policy; {@code members} go before the policy, {@code ruleBody} after the rule's effect. */
    static String policy(String members, String ruleBody) {
        return "namespace demo {\n"
                + "    attribute role { id = \"role\" type = string category = subjectCat }\n"
                + "    attribute age { id = \"age\" type = integer category = subjectCat }\n"
                + "    obligation log = \"urn:demo:log\"\n"
                + members
                + "    policy p {\n"
                + "        apply firstApplicable\n"
                + "        rule r {\n"
                + "            permit\n"
                + "            " + ruleBody + "\n"
                + "        }\n"
                + "    }\n"
                + "}\n";
    }

    static String valid() {
        return policy("", "condition role == \"x\"");
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                arguments("unknown attribute", policy("", "condition rol == \"x\""),
                        "bad.alfa:9:23: unknown attribute 'rol'"),
                arguments("type mismatch", policy("", "condition role == 5"),
                        "bad.alfa:9:28: type mismatch: operator '==' is not defined for string and integer"),
                arguments("missing combining algorithm", valid().replace("        apply firstApplicable\n", ""),
                        "bad.alfa:10:5: missing combining algorithm: expected 'apply' in policy p before '}'"),
                arguments("unbalanced braces", valid().substring(0, valid().length() - 2),
                        "bad.alfa:12:1: expected '}' to close namespace demo (opened at line 1), found end of file"),
                arguments("unknown function", policy("", "condition stringEquals(\"x\", \"y\")"),
                        "bad.alfa:9:23: unknown function 'stringEquals'"),
                arguments("duplicate id", policy("    policy p { apply firstApplicable }\n", "condition role == \"x\""),
                        "bad.alfa:6:5: duplicate policy or policy set 'demo.p': already declared at bad.alfa:5:5"),
                arguments("wrong arity", policy("", "condition stringOneAndOnly(role, role) == \"x\""),
                        "bad.alfa:9:23: wrong number of arguments: function stringOneAndOnly takes 1 argument, "
                                + "found 2"),
                arguments("unterminated string", policy("", "condition role == \"x"),
                        "bad.alfa:9:31: unterminated string literal: expected '\"' before end of line"),
                arguments("bad number", policy("", "condition age > 1.2.3"),
                        "bad.alfa:9:29: malformed number '1.2.3'"),
                arguments("missing namespace", "policy p {\n    apply firstApplicable\n}\n",
                        "bad.alfa:1:1: expected 'namespace' at top level, found 'policy'"),
                arguments("import of unknown name", policy("    import demo.attributes.*\n", "condition role == \"x\""),
                        "bad.alfa:5:5: import of unknown namespace 'demo.attributes'"),
                arguments("obligation with unknown attribute",
                        policy("", "on permit { obligation log { rol = \"x\" } }"),
                        "bad.alfa:9:42: unknown attribute 'rol' in obligation log"),
                arguments("missing brace after policy name", valid().replace("policy p {", "policy p"),
                        "bad.alfa:6:9: expected '{' after policy name, found 'apply'"),
                arguments("unknown combining algorithm",
                        valid().replace("apply firstApplicable", "apply firstApplicabel"),
                        "bad.alfa:6:15: unknown rule combining algorithm 'firstApplicabel'"),
                arguments("target comparing two attributes", policy("", "target clause role == age"),
                        "bad.alfa:9:32: expected a target match 'attribute operator value' or "
                                + "'function(value, attribute)'"),
                arguments("malformed typed literal",
                        policy("", "condition \"2025-13-01\":date == \"2025-01-01\":date"),
                        "bad.alfa:9:23: malformed date literal \"2025-13-01\""),
                arguments("condition not boolean", policy("", "condition stringOneAndOnly(role)"),
                        "bad.alfa:9:23: type mismatch: condition of rule r must be boolean, found string"),
                arguments("bag where a value is expected", policy("", "condition stringIsIn(role, role)"),
                        "bad.alfa:9:34: type mismatch: argument 1 of stringIsIn must be string, found bag[string]"),
                arguments("arithmetic over a bag", policy("", "condition age + 1 == 2"),
                        "bad.alfa:9:27: type mismatch: operator '+' does not accept bags, found bag[integer]"),
                arguments("duplicate rule", valid().replace("        rule r {", "        rule r { deny }\n        rule r {"),
                        "bad.alfa:8:9: duplicate rule id 'demo.p.r': already used at bad.alfa:7:9"),
                arguments("missing effect", valid().replace("            permit\n", ""),
                        "bad.alfa:9:9: missing effect: expected 'permit' or 'deny' in rule r before '}'"),
                arguments("two effects", policy("", "deny"), "bad.alfa:9:13: second effect in rule r"),
                arguments("unknown escape", policy("", "condition role == \"a\\qb\""),
                        "bad.alfa:9:33: unknown escape '\\q' in string literal"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedAlfaGivesThePreciseError(String kind, String source, String message) {
        assertThatThrownBy(() -> AlfaCompiler.compile(List.of(new AlfaSource("bad.alfa", source))))
                .isInstanceOf(AlfaException.class).hasMessage(message);
    }

    @Test
    void theBaseOfTheMalformedCasesCompiles() {
        assertThat(AlfaCompiler.compile(List.of(new AlfaSource("bad.alfa", valid())))).hasSize(1);
    }

    @Test
    void deepNestingIsRefusedWithAMessageNotAStackOverflow() {
        String deep = "(".repeat(300) + "true" + ")".repeat(300);
        assertThatThrownBy(() -> AlfaCompiler.compile(List.of(new AlfaSource("bad.alfa",
                policy("", "condition " + deep)))))
                .hasMessage("bad.alfa:9:223: expression nested deeper than 200 levels");
        String chain = "1" + " + 1".repeat(300) + " == 2";
        assertThatThrownBy(() -> AlfaCompiler.compile(List.of(new AlfaSource("bad.alfa",
                policy("", "condition " + chain)))))
                .hasMessage("bad.alfa:9:825: more than 200 operators in a row");
    }

    @Test
    void errorCarriesItsLocation() {
        AlfaException e = (AlfaException) org.assertj.core.api.Assertions.catchThrowable(() ->
                AlfaCompiler.compile(List.of(new AlfaSource("bad.alfa", policy("", "condition rol == \"x\"")))));
        assertThat(e.source()).isEqualTo("bad.alfa");
        assertThat(e.line()).isEqualTo(9);
        assertThat(e.column()).isEqualTo(23);
        assertThat(e.detail()).isEqualTo("unknown attribute 'rol'");
    }

    @Test
    void errorsInOneOfSeveralFilesNameThatFile() {
        AlfaSource attributes = new AlfaSource("attributes.alfa",
                "namespace demo.attrs {\n  attribute role { id = \"role\" type = string category = subjectCat }\n}\n");
        AlfaSource main = new AlfaSource("main.alfa", "namespace demo {\n  import demo.attrs.*\n"
                + "  policy p { apply denyOverrides rule { permit condition roles == \"x\" } }\n}\n");
        assertThatThrownBy(() -> AlfaCompiler.compile(List.of(attributes, main)))
                .hasMessage("main.alfa:3:58: unknown attribute 'roles'");
    }
}
