package io.coalition.streamaccess.policy;

import io.coalition.policy.AccessRequest;
import io.coalition.policy.AttributeValue;
import io.coalition.policy.Decision;
import io.coalition.policy.PolicyDecisionPoint;
import io.coalition.policy.PolicyException;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The stream access policies: standard XACML 3.0 policies whose obligations (id
 * {@link ObligationParser#OBLIGATION_ID}) carry seed 003's filter language.
 *
 * <p>{@link #load} validates every obligation in every file (file, line and column in each message; one policy with
 * both allow and deny obligations is refused) and loads the files into the policy module's XACML PDP.
 * {@link #forRequester} asks the PDP whether the requester may open the log: anything but Permit is a refusal (fail
 * closed); on Permit the obligations returned are the requester's filter, refused if they mix allow and deny
 * (seed 003 section 6.1: V_allow and V_deny are mutually exclusive).
 */
public final class StreamPolicies implements AutoCloseable {
    /** The action a requester asks for. */
    public static final String READ_STREAM = "read-stream";

    private final PolicyDecisionPoint pdp;
    private final List<StreamObligation> all;

    private StreamPolicies(PolicyDecisionPoint pdp, List<StreamObligation> all) {
        this.pdp = pdp;
        this.all = List.copyOf(all);
    }

    public static StreamPolicies load(Path policyDir) {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(policyDir)) {
            try (Stream<Path> s = Files.walk(policyDir)) {
                s.filter(p -> p.toString().endsWith(".xml")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new StreamPolicyException(policyDir + ": cannot list: " + e.getMessage(), e);
            }
        } else if (Files.isRegularFile(policyDir)) {
            files.add(policyDir);
        } else {
            throw new StreamPolicyException(policyDir + ": no such file or folder");
        }
        if (files.isEmpty()) throw new StreamPolicyException(policyDir + ": no *.xml policy in this folder");
        List<StreamObligation> obligations = new ArrayList<>();
        for (Path f : files) obligations.addAll(scan(f));
        PolicyDecisionPoint pdp;
        try {
            pdp = PolicyDecisionPoint.load(files.toArray(Path[]::new));
        } catch (PolicyException e) {
            throw new StreamPolicyException(e.getMessage(), e);
        }
        return new StreamPolicies(pdp, obligations);
    }

    /** Every stream obligation found in the policy files, in file order. */
    public List<StreamObligation> obligations() {
        return all;
    }

    /**
     * The filter obligations for a requester, decided by the PDP from the request (the requester's credentials as
     * subject attributes; action {@link #READ_STREAM} and the log as resource are added when absent).
     *
     * @throws StreamPolicyException when the decision is not Permit, or the obligations mix allow and deny
     */
    public RequesterPolicy forRequester(String requester, AccessRequest request) {
        Decision d = pdp.decide(request);
        if (!d.isPermit()) {
            throw new StreamPolicyException("requester '" + requester + "' may not read the stream: the PDP decided "
                    + d.verdict() + (d.status().message() != null ? " (" + d.status().message() + ")" : ""));
        }
        List<StreamObligation> mine = new ArrayList<>();
        for (Decision.PepAction a : d.obligations()) {
            if (!a.id().equals(ObligationParser.OBLIGATION_ID)) {
                // a PEP must refuse a Permit whose obligations it cannot discharge (XACML 3.0 section 7.18)
                throw new StreamPolicyException("requester '" + requester + "': unknown obligation '" + a.id()
                        + "'; refusing the Permit");
            }
            Map<String, List<String>> assignments = new LinkedHashMap<>();
            for (Decision.AttributeAssignment x : a.assignments()) {
                assignments.computeIfAbsent(x.attributeId(), k -> new ArrayList<>()).add(x.value().value());
            }
            mine.add(ObligationParser.parse(assignments, "obligation " + (mine.size() + 1) + " for '" + requester
                    + "'"));
        }
        return RequesterPolicy.of(requester, mine);
    }

    /** Shortcut: a request whose subject has the given string attributes. */
    public static AccessRequest request(String logId, Map<String, String> subjectAttributes) {
        AccessRequest.Builder b = AccessRequest.builder().action(READ_STREAM)
                .resource(AccessRequest.RESOURCE_ID, AttributeValue.string(logId));
        subjectAttributes.forEach((k, v) -> b.subject(k, AttributeValue.string(v)));
        return b.build();
    }

    @Override
    public void close() {
        pdp.close();
    }

    // ---- load-time validation with positions

    private static final XMLInputFactory XML = newFactory();

    private static XMLInputFactory newFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return f;
    }

    /** Finds and validates the stream obligations of one XACML file. */
    static List<StreamObligation> scan(Path file) {
        List<StreamObligation> out = new ArrayList<>();
        String policyId = null;
        String policyWhere = null;
        StreamObligation.Effect policyEffect = null;
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader r = XML.createXMLStreamReader(in);
            String where = null;
            Map<String, List<String>> assignments = null;
            String attributeId = null;
            StringBuilder text = null;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    String name = r.getLocalName();
                    if (name.equals("Policy")) {
                        policyId = r.getAttributeValue(null, "PolicyId");
                        policyWhere = file + ":" + r.getLocation().getLineNumber();
                        policyEffect = null;
                    } else if (name.equals("ObligationExpression")
                            && ObligationParser.OBLIGATION_ID.equals(r.getAttributeValue(null, "ObligationId"))) {
                        where = file + ":" + r.getLocation().getLineNumber() + ":" + r.getLocation().getColumnNumber();
                        assignments = new LinkedHashMap<>();
                    } else if (assignments != null && name.equals("AttributeAssignmentExpression")) {
                        attributeId = r.getAttributeValue(null, "AttributeId");
                    } else if (assignments != null && name.equals("AttributeValue")) {
                        text = new StringBuilder();
                    } else if (assignments != null && attributeId != null) {
                        throw new StreamPolicyException(file + ":" + r.getLocation().getLineNumber() + ":"
                                + r.getLocation().getColumnNumber() + ": attribute '" + attributeId
                                + "' must be a string AttributeValue, found <" + name + ">");
                    }
                } else if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA) {
                    if (text != null) text.append(r.getText());
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    String name = r.getLocalName();
                    if (name.equals("AttributeValue") && text != null) {
                        assignments.computeIfAbsent(attributeId, k -> new ArrayList<>()).add(text.toString());
                        text = null;
                    } else if (name.equals("AttributeAssignmentExpression")) {
                        attributeId = null;
                    } else if (name.equals("ObligationExpression") && assignments != null) {
                        StreamObligation o = ObligationParser.parse(assignments, where);
                        if (policyEffect != null && policyEffect != o.effect()) {
                            throw new StreamPolicyException(where + ": policy '" + policyId + "' (" + policyWhere
                                    + ") mixes allow and deny obligations; a requester's obligations must all allow or"
                                    + " all deny");
                        }
                        policyEffect = o.effect();
                        out.add(o);
                        assignments = null;
                    }
                }
            }
        } catch (XMLStreamException e) {
            throw new StreamPolicyException(file + ": malformed XML: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StreamPolicyException(file + ": cannot read: " + e.getMessage(), e);
        }
        return out;
    }
}
