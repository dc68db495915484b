package io.coalition.policy.alfa;

import java.util.List;

/**
 * The built-in {@code System} namespace: XACML 3.0's data types, categories, combining algorithms, functions
 * (XACML 3.0 core, Appendix A.3) and operators, generated here as ALFA text and parsed like any source. It is
 * used when no source declares {@code namespace System} itself (a project may bring its own system.alfa).
 *
 * <p>Names follow the ALFA convention: a function {@code string-one-and-only} is {@code stringOneAndOnly}.
 */
final class StandardLibrary {
    static final String NAME = "<System>";

    private static final String X1 = "urn:oasis:names:tc:xacml:1.0:function:";
    private static final String X2 = "urn:oasis:names:tc:xacml:2.0:function:";
    private static final String X3 = "urn:oasis:names:tc:xacml:3.0:function:";
    private static final String XS = "http://www.w3.org/2001/XMLSchema#";

    /** Data types with their ALFA names; the order is the order of the generated declarations. */
    private static final String[][] TYPES = {
            {"string", XS + "string"}, {"boolean", XS + "boolean"}, {"integer", XS + "integer"},
            {"double", XS + "double"}, {"time", XS + "time"}, {"date", XS + "date"},
            {"dateTime", XS + "dateTime"}, {"dayTimeDuration", XS + "dayTimeDuration"},
            {"yearMonthDuration", XS + "yearMonthDuration"}, {"anyURI", XS + "anyURI"},
            {"hexBinary", XS + "hexBinary"}, {"base64Binary", XS + "base64Binary"},
            {"x500Name", "urn:oasis:names:tc:xacml:1.0:data-type:x500Name"},
            {"rfc822Name", "urn:oasis:names:tc:xacml:1.0:data-type:rfc822Name"},
            {"ipAddress", "urn:oasis:names:tc:xacml:2.0:data-type:ipAddress"},
            {"dnsName", "urn:oasis:names:tc:xacml:2.0:data-type:dnsName"},
            {"xpath", "urn:oasis:names:tc:xacml:3.0:data-type:xpathExpression"}};

    private static final List<String> EQUALITY = List.of("string", "boolean", "integer", "double", "date", "time",
            "dateTime", "dayTimeDuration", "yearMonthDuration", "anyURI", "x500Name", "rfc822Name", "hexBinary",
            "base64Binary");
    private static final List<String> ORDERED = List.of("integer", "double", "string", "time", "dateTime", "date");
    private static final List<String> BAGGED = List.of("string", "boolean", "integer", "double", "time", "date",
            "dateTime", "anyURI", "hexBinary", "base64Binary", "dayTimeDuration", "yearMonthDuration", "x500Name",
            "rfc822Name", "ipAddress", "dnsName");
    private static final List<String> FROM_STRING = List.of("boolean", "integer", "double", "time", "date",
            "dateTime", "anyURI", "dayTimeDuration", "yearMonthDuration", "x500Name", "rfc822Name", "ipAddress",
            "dnsName");
    private static final String[][] COMBINING = {
            {"denyOverrides", "3.0", "deny-overrides"}, {"permitOverrides", "3.0", "permit-overrides"},
            {"firstApplicable", "1.0", "first-applicable"},
            {"orderedDenyOverrides", "3.0", "ordered-deny-overrides"},
            {"orderedPermitOverrides", "3.0", "ordered-permit-overrides"},
            {"denyUnlessPermit", "3.0", "deny-unless-permit"}, {"permitUnlessDeny", "3.0", "permit-unless-deny"}};

    private StandardLibrary() {
    }

    static AlfaSource source() {
        StringBuilder b = new StringBuilder("namespace System {\n");
        for (String[] t : TYPES) {
            b.append("type ").append(t[0]).append(" = \"").append(t[1]).append("\"\n");
        }
        category(b, "subjectCat", "urn:oasis:names:tc:xacml:1.0:subject-category:access-subject");
        category(b, "recipientSubjectCat", "urn:oasis:names:tc:xacml:1.0:subject-category:recipient-subject");
        category(b, "intermediarySubjectCat", "urn:oasis:names:tc:xacml:1.0:subject-category:intermediary-subject");
        category(b, "codebaseCat", "urn:oasis:names:tc:xacml:1.0:subject-category:codebase");
        category(b, "requestingMachineCat", "urn:oasis:names:tc:xacml:1.0:subject-category:requesting-machine");
        category(b, "resourceCat", "urn:oasis:names:tc:xacml:3.0:attribute-category:resource");
        category(b, "actionCat", "urn:oasis:names:tc:xacml:3.0:attribute-category:action");
        category(b, "environmentCat", "urn:oasis:names:tc:xacml:3.0:attribute-category:environment");
        for (String[] c : COMBINING) {
            b.append("ruleCombinator ").append(c[0]).append(" = \"urn:oasis:names:tc:xacml:").append(c[1])
                    .append(":rule-combining-algorithm:").append(c[2]).append("\"\n");
            b.append("policyCombinator ").append(c[0]).append(" = \"urn:oasis:names:tc:xacml:").append(c[1])
                    .append(":policy-combining-algorithm:").append(c[2]).append("\"\n");
        }
        b.append("policyCombinator onlyOneApplicable = "
                + "\"urn:oasis:names:tc:xacml:1.0:policy-combining-algorithm:only-one-applicable\"\n");
        operators(b);
        functions(b);
        return new AlfaSource(NAME, b.append("}\n").toString());
    }

    private static void category(StringBuilder b, String name, String uri) {
        b.append("category ").append(name).append(" = \"").append(uri).append("\"\n");
    }

    private static void operators(StringBuilder b) {
        b.append("infix allowbags comm (==) = {\n");
        for (String t : EQUALITY) {
            b.append(impl(equal(t), t + " " + t + " -> boolean"));
        }
        b.append("}\n");
        String[][] order = {{"<", "less-than", ">"}, {">", "greater-than", "<"},
                {"<=", "less-than-or-equal", ">="}, {">=", "greater-than-or-equal", "<="}};
        for (String[] o : order) {
            b.append("infix allowbags (").append(o[0]).append(") = {\n");
            for (String t : ORDERED) {
                b.append(impl(X1 + t + "-" + o[1], t + " " + t + " -> boolean"));
            }
            b.append("} inv ").append(o[2]).append('\n');
        }
        b.append("infix comm (&&) = {\n").append(impl(X1 + "and", "boolean boolean -> boolean")).append("}\n");
        b.append("infix comm (||) = {\n").append(impl(X1 + "or", "boolean boolean -> boolean")).append("}\n");
        b.append("infix (+) = {\n").append(impl(X1 + "integer-add", "integer integer -> integer"))
                .append(impl(X1 + "double-add", "double double -> double"))
                .append(impl(X2 + "string-concatenate", "string string -> string")).append("}\n");
        String[][] arith = {{"-", "subtract"}, {"*", "multiply"}, {"/", "divide"}};
        for (String[] a : arith) {
            b.append("infix (").append(a[0]).append(") = {\n")
                    .append(impl(X1 + "integer-" + a[1], "integer integer -> integer"))
                    .append(impl(X1 + "double-" + a[1], "double double -> double")).append("}\n");
        }
        b.append("infix (%) = {\n").append(impl(X1 + "integer-mod", "integer integer -> integer")).append("}\n");
    }

    private static void functions(StringBuilder b) {
        for (String t : EQUALITY) {
            fn(b, t + "Equal", equal(t), t + " " + t + " -> boolean");
        }
        fn(b, "stringEqualIgnoreCase", X3 + "string-equal-ignore-case", "string string -> boolean");
        for (String t : List.of("integer", "double")) {
            fn(b, t + "Add", X1 + t + "-add", t + " " + t + " " + t + "* -> " + t);
            fn(b, t + "Subtract", X1 + t + "-subtract", t + " " + t + " -> " + t);
            fn(b, t + "Multiply", X1 + t + "-multiply", t + " " + t + " " + t + "* -> " + t);
            fn(b, t + "Divide", X1 + t + "-divide", t + " " + t + " -> " + t);
            fn(b, t + "Abs", X1 + t + "-abs", t + " -> " + t);
        }
        fn(b, "integerMod", X1 + "integer-mod", "integer integer -> integer");
        fn(b, "round", X1 + "round", "double -> double");
        fn(b, "floor", X1 + "floor", "double -> double");
        fn(b, "stringNormalizeSpace", X1 + "string-normalize-space", "string -> string");
        fn(b, "stringNormalizeToLowerCase", X1 + "string-normalize-to-lower-case", "string -> string");
        fn(b, "doubleToInteger", X1 + "double-to-integer", "double -> integer");
        fn(b, "integerToDouble", X1 + "integer-to-double", "integer -> double");
        fn(b, "orFunction", X1 + "or", "boolean* -> boolean");
        fn(b, "andFunction", X1 + "and", "boolean* -> boolean");
        fn(b, "nOf", X1 + "n-of", "integer boolean* -> boolean");
        fn(b, "not", X1 + "not", "boolean -> boolean");
        String[][] cmp = {{"GreaterThan", "greater-than"}, {"GreaterThanOrEqual", "greater-than-or-equal"},
                {"LessThan", "less-than"}, {"LessThanOrEqual", "less-than-or-equal"}};
        for (String t : ORDERED) {
            for (String[] c : cmp) {
                fn(b, t + c[0], X1 + t + "-" + c[1], t + " " + t + " -> boolean");
            }
        }
        fn(b, "timeInRange", X2 + "time-in-range", "time time time -> boolean");
        fn(b, "dateTimeAddDayTimeDuration", X3 + "dateTime-add-dayTimeDuration", "dateTime dayTimeDuration -> dateTime");
        fn(b, "dateTimeAddYearMonthDuration", X3 + "dateTime-add-yearMonthDuration",
                "dateTime yearMonthDuration -> dateTime");
        fn(b, "dateTimeSubtractDayTimeDuration", X3 + "dateTime-subtract-dayTimeDuration",
                "dateTime dayTimeDuration -> dateTime");
        fn(b, "dateTimeSubtractYearMonthDuration", X3 + "dateTime-subtract-yearMonthDuration",
                "dateTime yearMonthDuration -> dateTime");
        fn(b, "dateAddYearMonthDuration", X3 + "date-add-yearMonthDuration", "date yearMonthDuration -> date");
        fn(b, "dateSubtractYearMonthDuration", X3 + "date-subtract-yearMonthDuration",
                "date yearMonthDuration -> date");
        for (String t : BAGGED) {
            String px = prefix(t);
            fn(b, t + "OneAndOnly", px + t + "-one-and-only", "bag[" + t + "] -> " + t);
            fn(b, t + "BagSize", px + t + "-bag-size", "bag[" + t + "] -> integer");
            fn(b, t + "IsIn", px + t + "-is-in", t + " bag[" + t + "] -> boolean");
            fn(b, t + "Bag", px + t + "-bag", t + "* -> bag[" + t + "]");
            if (!t.equals("ipAddress") && !t.equals("dnsName")) {
                String bag = "bag[" + t + "]";
                fn(b, t + "Intersection", px + t + "-intersection", bag + " " + bag + " -> " + bag);
                fn(b, t + "AtLeastOneMemberOf", px + t + "-at-least-one-member-of", bag + " " + bag + " -> boolean");
                fn(b, t + "Union", px + t + "-union", bag + " " + bag + " " + bag + "* -> " + bag);
                fn(b, t + "SubSet", px + t + "-subset", bag + " " + bag + " -> boolean");
                fn(b, t + "SetEquals", px + t + "-set-equals", bag + " " + bag + " -> boolean");
            }
        }
        for (String t : FROM_STRING) {
            fn(b, t + "FromString", X3 + t + "-from-string", "string -> " + t);
            fn(b, "stringFrom" + cap(t), X3 + "string-from-" + t, t + " -> string");
        }
        fn(b, "stringConcatenate", X2 + "string-concatenate", "string string string* -> string");
        for (String[] s : new String[][] {{"StartsWith", "starts-with"}, {"EndsWith", "ends-with"},
                {"Contains", "contains"}}) {
            fn(b, "string" + s[0], X3 + "string-" + s[1], "string string -> boolean");
            fn(b, "anyURI" + s[0], X3 + "anyURI-" + s[1], "string anyURI -> boolean");
        }
        fn(b, "stringSubString", X3 + "string-substring", "string integer integer -> string");
        fn(b, "anyURISubString", X3 + "anyURI-substring", "anyURI integer integer -> string");
        String hof = "function anyAtomicOrBag anyAtomicOrBag* -> boolean";
        fn(b, "anyOf", X3 + "any-of", hof);
        fn(b, "allOf", X3 + "all-of", hof);
        fn(b, "anyOfAny", X3 + "any-of-any", hof);
        fn(b, "allOfAny", X1 + "all-of-any", "function bag[anyAtomic] bag[anyAtomic] -> boolean");
        fn(b, "anyOfAll", X1 + "any-of-all", "function bag[anyAtomic] bag[anyAtomic] -> boolean");
        fn(b, "allOfAll", X1 + "all-of-all", "function bag[anyAtomic] bag[anyAtomic] -> boolean");
        fn(b, "map", X3 + "map", "function anyAtomicOrBag anyAtomicOrBag* -> bag[anyAtomic]");
        fn(b, "x500NameMatch", X1 + "x500Name-match", "x500Name x500Name -> boolean");
        fn(b, "rfc822NameMatch", X1 + "rfc822Name-match", "string rfc822Name -> boolean");
        fn(b, "stringRegexpMatch", X1 + "string-regexp-match", "string string -> boolean");
        for (String t : List.of("anyURI", "ipAddress", "dnsName", "rfc822Name", "x500Name")) {
            fn(b, t + "RegexpMatch", X2 + t + "-regexp-match", "string " + t + " -> boolean");
        }
        fn(b, "xpathNodeCount", X3 + "xpath-node-count", "xpath -> integer");
        fn(b, "xpathNodeEqual", X3 + "xpath-node-equal", "xpath xpath -> boolean");
        fn(b, "xpathNodeMatch", X3 + "xpath-node-match", "xpath xpath -> boolean");
    }

    private static String equal(String t) {
        return (t.endsWith("Duration") ? X3 : X1) + t + "-equal";
    }

    private static String prefix(String t) {
        if (t.endsWith("Duration")) {
            return X3;
        }
        return t.equals("ipAddress") || t.equals("dnsName") ? X2 : X1;
    }

    private static String impl(String uri, String signature) {
        return "  \"" + uri + "\" : " + signature + "\n";
    }

    private static void fn(StringBuilder b, String name, String uri, String signature) {
        b.append("function ").append(name).append(" = \"").append(uri).append("\" : ").append(signature)
                .append('\n');
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
