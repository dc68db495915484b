package io.coalition.policy.xacml;

import io.coalition.policy.AccessRequest;
import io.coalition.policy.Attribute;
import io.coalition.policy.AttributeValue;
import io.coalition.policy.Decision;
import io.coalition.policy.PdpOptions;
import io.coalition.policy.PolicyException;
import io.coalition.policy.XacmlResponse;

import jakarta.xml.bind.JAXBException;
import oasis.names.tc.xacml._3_0.core.schema.wd_17.AttributeValueType;
import oasis.names.tc.xacml._3_0.core.schema.wd_17.Attributes;
import oasis.names.tc.xacml._3_0.core.schema.wd_17.Request;
import org.ow2.authzforce.core.pdp.api.io.XacmlJaxbParsingUtils;
import org.xml.sax.InputSource;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

    /** The result of one case: the failure if any, and whether the request was also decided via the record API. */
    record Outcome(Optional<Failure> failure, boolean viaApi) {
        static Outcome pass(boolean viaApi) {
            return new Outcome(Optional.empty(), viaApi);
        }

        static Outcome fail(String reason) {
            return new Outcome(Optional.of(new Failure(reason)), false);
        }
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

    /**
     * Runs one case through Coalition's API. A request that {@link AccessRequest} can express (no XML Content, no
     * repeated category, values in their type's lexical space) is decided a second time through
     * {@link XacmlPdp#decide(AccessRequest)}, which must give the same verdict, status, obligations and advice.
     */
    static Outcome run(Case c) throws IOException {
        Path policies = first(c.dir(), "Policies", "policies");
        Path policy = policies != null ? policies : first(c.dir(), "Policy.xml", "policy.xml");
        Path request = first(c.dir(), "Request.xml", "request.xml");
        Path response = first(c.dir(), "Response.xml", "response.xml");
        if (policy == null) return Outcome.fail("no policy in " + c.dir());

        XacmlPdp pdp;
        try {
            pdp = XacmlPdp.load(options(c), List.of(policy));
        } catch (PolicyException e) {
            return request == null ? Outcome.pass(false) : Outcome.fail("policy refused: " + e.getMessage());
        }
        try (pdp) {
            if (request == null) return Outcome.fail("invalid policy accepted");
            String requestXml = Files.readString(request, StandardCharsets.UTF_8);
            XacmlResponse actual;
            try {
                actual = pdp.decideXml(requestXml, request.toString());
            } catch (PolicyException e) {
                return response == null ? Outcome.pass(false) : Outcome.fail("request refused: " + e.getMessage());
            }
            if (response == null) return Outcome.fail("invalid request accepted");
            XacmlResponse expected = XacmlPdp.parseResponse(Files.readString(response, StandardCharsets.UTF_8),
                    response.toString());
            List<Decision> want = normalize(expected.decisions());
            List<Decision> got = normalize(actual.decisions());
            if (!want.equals(got)) return Outcome.fail("expected " + want + " but was " + got);

            Optional<AccessRequest> asRecord = accessRequest(requestXml);
            if (asRecord.isEmpty() || want.size() != 1) return Outcome.pass(false);
            Decision viaApi = withoutReturnedAttributes(normalize(List.of(pdp.decide(asRecord.get()))).get(0));
            Decision wanted = withoutReturnedAttributes(want.get(0));
            return viaApi.equals(wanted) ? Outcome.pass(true)
                    : Outcome.fail("decide(AccessRequest) gave " + viaApi + " where the XML request gave " + wanted);
        }
    }

    /**
     * Mandatory tests and {@code others} run with the default (mandatory) feature set; optional tests with XPath
     * and the Multiple Decision Profile switched on, as AuthzForce's own runner does.
     */
    static PdpOptions options(Case c) {
        return c.category().contains("/optional/") ? PdpOptions.DEFAULT.withXPath(true).withMultipleDecisions(true)
                : PdpOptions.DEFAULT;
    }

    /** The request as an {@link AccessRequest}, when it can be one. */
    static Optional<AccessRequest> accessRequest(String requestXml) {
        Request request;
        try {
            request = (Request) XacmlJaxbParsingUtils.getXacmlParserFactory(false).getInstance()
                    .parse(new InputSource(new StringReader(requestXml.replace("\uFEFF", ""))));
        } catch (JAXBException e) {
            throw new IllegalStateException(e);
        }
        if (request.getMultiRequests() != null || request.getRequestDefaults() != null) return Optional.empty();
        AccessRequest.Builder b = AccessRequest.builder().returnPolicyIdList(request.isReturnPolicyIdList());
        Set<String> categories = new HashSet<>();
        try {
            for (Attributes category : request.getAttributes()) {
                if (category.getContent() != null || !categories.add(category.getCategory())) return Optional.empty();
                for (var a : category.getAttributes()) {
                    List<AttributeValue> values = new ArrayList<>();
                    for (AttributeValueType v : a.getAttributeValues()) {
                        if (v.getContent().size() > 1 || !v.getOtherAttributes().isEmpty()) return Optional.empty();
                        values.add(AttributeValue.of(v.getDataType(),
                                v.getContent().isEmpty() ? "" : String.valueOf(v.getContent().get(0))));
                    }
                    if (values.isEmpty()) return Optional.empty();
                    b.attribute(new Attribute(category.getCategory(), a.getAttributeId(), a.getIssuer(), values));
                }
            }
        } catch (PolicyException e) {
            return Optional.empty(); // a value outside its type's lexical space: only the XML path can send it
        }
        return Optional.of(b.build());
    }

    private static Decision withoutReturnedAttributes(Decision d) {
        return new Decision(d.verdict(), d.status(), d.obligations(), d.advice(), List.of(), d.applicablePolicies());
    }

    /**
     * As the conformance suite compares (and AuthzForce's own runner): the status code counts, not the message
     * or detail; obligations and advice compare as canonically ordered lists; returned attributes in category order.
     */
    static List<Decision> normalize(List<Decision> decisions) {
        return decisions.stream().map(d -> new Decision(d.verdict(),
                new Decision.Status(d.status().code(), d.status().subCode(), null), d.obligations(), d.advice(),
                d.attributes().stream().sorted(Comparator.comparing(Attribute::category)).toList(),
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
