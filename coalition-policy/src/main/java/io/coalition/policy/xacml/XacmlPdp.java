package io.coalition.policy.xacml;

import io.coalition.policy.AccessRequest;
import io.coalition.policy.Decision;
import io.coalition.policy.PdpOptions;
import io.coalition.policy.PolicyException;
import io.coalition.policy.XacmlResponse;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import oasis.names.tc.xacml._3_0.core.schema.wd_17.Request;
import oasis.names.tc.xacml._3_0.core.schema.wd_17.Response;
import org.ow2.authzforce.core.pdp.api.XmlUtils.XmlnsFilteringParser;
import org.ow2.authzforce.core.pdp.api.XmlUtils.XmlnsFilteringParserFactory;
import org.ow2.authzforce.core.pdp.api.io.PdpEngineInoutAdapter;
import org.ow2.authzforce.core.pdp.api.io.XacmlJaxbParsingUtils;
import org.ow2.authzforce.core.pdp.impl.DefaultEnvironmentProperties;
import org.ow2.authzforce.core.pdp.impl.PdpEngineConfiguration;
import org.ow2.authzforce.core.pdp.impl.io.PdpEngineAdapters;
import org.ow2.authzforce.core.xmlns.pdp.InOutProcChain;
import org.ow2.authzforce.core.xmlns.pdp.Pdp;
import org.ow2.authzforce.core.xmlns.pdp.StaticPolicyProvider;
import org.ow2.authzforce.core.xmlns.pdp.TopLevelPolicyElementRef;
import org.ow2.authzforce.xacml.Xacml3JaxbHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An embedded XACML 3.0 PDP: AuthzForce CE core 21 (its static policy provider and XACML/XML adapter),
 * configured for the mandatory XACML 3.0 feature set: standard data types, functions and combining algorithms,
 * the standard environment attributes (current-time, -date, -dateTime, set by the PDP when the request gives
 * no issued value), no attribute issuer strictness; XPath and the Multiple Decision Profile's repeated
 * categories only when {@link PdpOptions} asks for them. Thread-safe; closing it
 * releases AuthzForce's resources.
 */
public final class XacmlPdp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(XacmlPdp.class);
    private static final Logger audit = LoggerFactory.getLogger("coalition.audit");
    private static final XmlnsFilteringParserFactory PARSERS = XacmlJaxbParsingUtils.getXacmlParserFactory(false);
    // XPath needs the parser to keep the namespace contexts of Content and xpathExpression values.
    private static final XmlnsFilteringParserFactory XPATH_PARSERS = XacmlJaxbParsingUtils.getXacmlParserFactory(true);
    private static final String MULTIPLE_DECISIONS =
            "urn:ow2:authzforce:feature:pdp:request-preproc:xacml-xml:multiple:repeated-attribute-categories-lax";

    private final PdpEngineInoutAdapter<Request, Response> engine;
    private final String rootPolicyId;
    private final List<Path> files;
    private final XmlnsFilteringParserFactory parsers;
    private final boolean multipleDecisions;

    private XacmlPdp(PdpEngineInoutAdapter<Request, Response> engine, String rootPolicyId, List<Path> files,
                     PdpOptions options) {
        this.engine = engine;
        this.rootPolicyId = rootPolicyId;
        this.files = List.copyOf(files);
        this.parsers = options.xpath() ? XPATH_PARSERS : PARSERS;
        this.multipleDecisions = options.multipleDecisions();
    }

    /**
     * Loads XACML 3.0 policies from files and directories (walked for {@code *.xml}).
     *
     * @param rootPolicyId the Policy(Set)Id to evaluate requests against, or {@code null} for the only policy that
     *                     no other loaded policy references
     * @throws PolicyException naming the file and the problem: not XML, not a XACML 3.0 Policy or PolicySet,
     *                         invalid against the XACML schema, unknown function or data type, type error,
     *                         duplicate id, unresolved or circular reference, no or several root candidates
     */
    public static XacmlPdp load(String rootPolicyId, List<Path> paths) {
        return load(PdpOptions.DEFAULT.withRootPolicyId(rootPolicyId), paths);
    }

    /** As {@link #load(String, List)}, with the optional XACML features of {@code options}. */
    public static XacmlPdp load(PdpOptions options, List<Path> paths) {
        List<Path> files = PolicyFiles.expand(paths);
        List<PolicyFiles.PolicyFile> policies = files.stream().map(PolicyFiles::read).toList();
        PolicyFiles.PolicyFile root = PolicyFiles.root(policies, options.rootPolicyId());

        List<Object> locations = new ArrayList<>();
        files.forEach(f -> locations.add(f.toAbsolutePath().toString()));
        // ignoreOldVersions: of several versions of one id, only the latest is loaded (as the root choice assumes).
        StaticPolicyProvider provider = new StaticPolicyProvider(locations, true);
        provider.setId("coalition-policies");
        Pdp config = new Pdp(null, null, null, List.of(), List.of(provider),
                new TopLevelPolicyElementRef(root.id(), null, root.policySet()), null,
                options.multipleDecisions() ? List.of(new InOutProcChain(MULTIPLE_DECISIONS, null)) : List.of(), "8.0",
                true, true, true, true, options.xpath(), false, null, null,
                BigInteger.valueOf(Math.max(1, files.size())), null);
        try {
            PdpEngineInoutAdapter<Request, Response> engine = PdpEngineAdapters.newXacmlJaxbInoutAdapter(
                    new PdpEngineConfiguration(config, new DefaultEnvironmentProperties()));
            log.info("Loaded {} policy file(s); root {} '{}'; {}", files.size(),
                    root.policySet() ? "PolicySet" : "Policy", root.id(), options);
            return new XacmlPdp(engine, root.id(), files, options);
        } catch (IllegalArgumentException | IOException e) {
            String message = describe(e);
            throw new PolicyException(where(files, policies, message) + location(e) + ": " + message, e);
        }
    }

    public String rootPolicyId() {
        return rootPolicyId;
    }

    public List<Path> files() {
        return files;
    }

    public Decision decide(AccessRequest request) {
        Response response = engine.evaluate(XacmlMapping.toJaxb(request), null);
        if (response.getResults().size() != 1) {
            throw new IllegalStateException("one request gave " + response.getResults().size() + " results");
        }
        Decision decision = XacmlMapping.toDecision(response.getResults().get(0));
        audit(decision);
        return decision;
    }

    /**
     * Evaluates a XACML 3.0 XML Request (validated against the XACML schema) and returns the XML Response.
     *
     * @param source names the request in error messages (a file name)
     */
    public XacmlResponse decideXml(String requestXml, String source) {
        XmlnsFilteringParser parser = parser(parsers);
        Object parsed = parse(parser, requestXml, source);
        if (!(parsed instanceof Request request)) {
            throw new PolicyException(source + ": root element is " + parsed.getClass().getSimpleName()
                    + ", expected a XACML 3.0 Request");
        }
        if (!multipleDecisions) refuseRepeatedCategories(request, source);
        Response response = engine.evaluate(request, parser.getNamespacePrefixUriMap());
        XacmlResponse result = new XacmlResponse(marshal(response),
                response.getResults().stream().map(XacmlMapping::toDecision).toList());
        result.decisions().forEach(XacmlPdp::audit);
        return result;
    }

    /**
     * AuthzForce's single-decision reading of a request that repeats a category keeps one of the repetitions;
     * deciding for a subject the PEP did not mean fails open, so such a request is refused.
     */
    private static void refuseRepeatedCategories(Request request, String source) {
        Map<String, Integer> seen = new HashMap<>();
        for (var attributes : request.getAttributes()) seen.merge(attributes.getCategory(), 1, Integer::sum);
        for (var e : seen.entrySet()) {
            if (e.getValue() > 1) {
                throw new PolicyException(source + ": category " + e.getKey() + " appears " + e.getValue()
                        + " times; repeated categories need the Multiple Decision Profile (PdpOptions.multipleDecisions)");
            }
        }
    }

    /** Reads a XACML 3.0 XML Response (validated against the XACML schema) into decisions. */
    public static XacmlResponse parseResponse(String responseXml, String source) {
        Object parsed = parse(parser(PARSERS), responseXml, source);
        if (!(parsed instanceof Response response)) {
            throw new PolicyException(source + ": root element is " + parsed.getClass().getSimpleName()
                    + ", expected a XACML 3.0 Response");
        }
        return new XacmlResponse(responseXml, response.getResults().stream().map(XacmlMapping::toDecision).toList());
    }

    @Override
    public void close() {
        try {
            engine.close();
        } catch (IOException e) {
            log.warn("Closing the PDP: {}", e.toString());
        }
    }

    private static void audit(Decision d) {
        audit.info("xacml decision {} status {}{} obligations {} advice {}", d.verdict().xacml(), d.status().code(),
                d.status().message() == null ? "" : " (" + d.status().message() + ")",
                d.obligations().stream().map(Decision.PepAction::id).toList(),
                d.advice().stream().map(Decision.PepAction::id).toList());
    }

    private static XmlnsFilteringParser parser(XmlnsFilteringParserFactory factory) {
        try {
            return factory.getInstance();
        } catch (JAXBException e) {
            throw new IllegalStateException("cannot create the XACML parser", e);
        }
    }

    private static Object parse(XmlnsFilteringParser parser, String xml, String source) {
        java.util.Objects.requireNonNull(xml, "xml");
        // A UTF-8 byte order mark read as text would otherwise be "content in the prolog".
        String text = xml.startsWith("\uFEFF") ? xml.substring(1) : xml;
        try {
            return parser.parse(new InputSource(new StringReader(text)));
        } catch (JAXBException | IllegalArgumentException e) {
            throw new PolicyException(source + location(e) + ": not a valid XACML 3.0 document: " + describe(e), e);
        }
    }

    private static String marshal(Response response) {
        try {
            Marshaller m = Xacml3JaxbHelper.createXacml3Marshaller();
            m.setProperty(Marshaller.JAXB_FORMATTED_OUTPUT, true);
            StringWriter out = new StringWriter();
            m.marshal(response, out);
            return out.toString();
        } catch (JAXBException e) {
            throw new IllegalStateException("cannot write the XACML response", e);
        }
    }

    /**
     * The file AuthzForce's message is about: it names the policy by id ({@code PolicyId=X,},
     * {@code PolicySetId='X'}) or by location, rarely by file.
     */
    private static String where(List<Path> files, List<PolicyFiles.PolicyFile> policies, String message) {
        if (files.size() == 1) return "policy " + files.get(0);
        for (PolicyFiles.PolicyFile p : policies) {
            if (message.contains("PolicyId=" + p.id() + ",") || message.contains("PolicySetId='" + p.id() + "'")
                    || message.contains(p.file().toAbsolutePath().toString())) {
                return "policy " + p.file();
            }
        }
        return "policies " + files;
    }

    private static String location(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() != null ? t.getCause() : linked(t)) {
            if (t instanceof SAXParseException s) {
                return ": line " + s.getLineNumber() + ", column " + s.getColumnNumber();
            }
        }
        return "";
    }

    private static Throwable linked(Throwable t) {
        return t instanceof JAXBException j ? j.getLinkedException() : null;
    }

    /** The distinct messages along the cause chain: AuthzForce wraps the precise reason several levels down. */
    static String describe(Throwable e) {
        Set<String> messages = new LinkedHashSet<>();
        for (Throwable t = e; t != null; t = t.getCause() != null ? t.getCause() : linked(t)) {
            String m = t.getMessage();
            if (m == null || m.isBlank()) continue;
            boolean seen = messages.stream().anyMatch(s -> s.contains(m));
            if (!seen) messages.add(m.strip());
        }
        return messages.isEmpty() ? e.getClass().getSimpleName() : String.join(": ", messages);
    }
}
