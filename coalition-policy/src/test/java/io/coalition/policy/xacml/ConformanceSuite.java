package io.coalition.policy.xacml;

import io.coalition.policy.Decision;
import io.coalition.policy.PolicyException;
import io.coalition.policy.XacmlResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The XACML 3.0 conformance suite as AuthzForce lays it out (../shared/data/xacml-conformance, see its
 * PROVENANCE.txt): one folder per test with the root policy ({@code Policy.xml}, or a {@code Policies} folder
 * holding it and the policies it references), {@code Request.xml} and {@code Response.xml}. A folder without a
 * request expects the policy to be refused at load; with a request but no response, the request to be refused.
 * The {@code others} folder uses lower-case names ({@code policy.xml}, {@code policies/}, ...).
 */
final class ConformanceSuite {
    /** Folders holding test folders, relative to the suite root, and the name used for reporting. */
    static final List<String> CATEGORIES = List.of("xacml-3.0-from-2.0-ct/mandatory", "xacml-3.0-from-2.0-ct/optional/xml",
            "xacml-3.0-from-2.0-ct/optional/xml+json", "others");

    record Case(String category, String name, Path dir) {
        String key() {
            return category + "/" + name;
        }

        /** II.A, III.A, ...: the conformance section, from the test id; the folder name for {@code others}. */
        String section() {
            if (category.equals("others")) return category;
            String letters = name.replaceAll("^(I+)([A-G]).*", "$1.$2");
            return letters.equals(name) ? name : letters;
        }
    }

    /** A failed case: what went wrong. */
    record Failure(String reason) {
    }

    private ConformanceSuite() {
    }

    static List<Case> cases(Path root) {
        List<Case> cases = new ArrayList<>();
        for (String category : CATEGORIES) {
            try (Stream<Path> dirs = Files.list(root.resolve(category))) {
                dirs.filter(Files::isDirectory).sorted(Comparator.comparing(Path::toString))
                        .forEach(d -> cases.add(new Case(category, d.getFileName().toString(), d)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return cases;
    }

    /** Runs one case through Coalition's API; empty when it passes. */
    static Optional<Failure> run(Case c) throws IOException {
        Path policies = first(c.dir(), "Policies", "policies");
        Path policy = policies != null ? policies : first(c.dir(), "Policy.xml", "policy.xml");
        Path request = first(c.dir(), "Request.xml", "request.xml");
        Path response = first(c.dir(), "Response.xml", "response.xml");
        if (policy == null) return Optional.of(new Failure("no policy in " + c.dir()));

        XacmlPdp pdp;
        try {
            pdp = XacmlPdp.load(null, List.of(policy));
        } catch (PolicyException e) {
            return request == null ? Optional.empty()
                    : Optional.of(new Failure("policy refused: " + e.getMessage()));
        }
        try (pdp) {
            if (request == null) return Optional.of(new Failure("invalid policy accepted"));
            XacmlResponse actual;
            try {
                actual = pdp.decideXml(Files.readString(request, StandardCharsets.UTF_8), request.toString());
            } catch (PolicyException e) {
                return response == null ? Optional.empty()
                        : Optional.of(new Failure("request refused: " + e.getMessage()));
            }
            if (response == null) return Optional.of(new Failure("invalid request accepted"));
            XacmlResponse expected = XacmlPdp.parseResponse(Files.readString(response, StandardCharsets.UTF_8),
                    response.toString());
            List<Decision> want = normalize(expected.decisions());
            List<Decision> got = normalize(actual.decisions());
            return want.equals(got) ? Optional.empty()
                    : Optional.of(new Failure("expected " + want + " but was " + got));
        }
    }

    /**
     * As the conformance suite compares (and AuthzForce's own runner): the status code counts, not the message
     * or detail; obligations and advice compare as canonically ordered lists; returned attributes in category order.
     */
    static List<Decision> normalize(List<Decision> decisions) {
        return decisions.stream().map(d -> new Decision(d.verdict(),
                new Decision.Status(d.status().code(), d.status().subCode(), null), d.obligations(), d.advice(),
                d.attributes().stream().sorted(Comparator.comparing(io.coalition.policy.Attribute::category)).toList(),
                d.applicablePolicies())).toList();
    }

    private static Path first(Path dir, String... names) {
        for (String n : names) {
            Path p = dir.resolve(n);
            if (Files.exists(p)) return p;
        }
        return null;
    }
}
