package io.coalition.policy;

import io.coalition.policy.xacml.XacmlPdp;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A XACML 3.0 policy decision point over policies loaded from files: Coalition's one way to ask "may this
 * subject do this action on this resource?". Backed by an embedded AuthzForce PDP (see
 * {@link XacmlPdp} for the feature set). Thread-safe; close it when done.
 *
 * <pre>{@code
 * try (PolicyDecisionPoint pdp = PolicyDecisionPoint.load(Path.of("policies"))) {
 *     Decision d = pdp.decide(AccessRequest.builder()
 *             .subject("Role", AttributeValue.string("MedicalHub"))
 *             .action("PatientPrioritizationWithAggr(Patient,meanAge,sumAge)").build());
 *     if (d.isPermit() && d.obligations().isEmpty()) { ... }
 * }
 * }</pre>
 */
public final class PolicyDecisionPoint implements AutoCloseable {
    private final XacmlPdp pdp;

    private PolicyDecisionPoint(XacmlPdp pdp) {
        this.pdp = pdp;
    }

    /**
     * Loads XACML 3.0 Policy and PolicySet files; directories are walked for {@code *.xml}. The root is the only
     * policy that no other loaded policy references.
     *
     * @throws PolicyException naming the file and the problem
     */
    public static PolicyDecisionPoint load(Path... policyFilesOrDirs) {
        return load(PdpOptions.DEFAULT, Arrays.asList(policyFilesOrDirs));
    }

    /**
     * As {@link #load(Path...)}, with the root chosen by its PolicyId or PolicySetId ({@code null}: the only
     * unreferenced one).
     */
    public static PolicyDecisionPoint load(String rootPolicyId, List<Path> policyFilesOrDirs) {
        return load(PdpOptions.DEFAULT.withRootPolicyId(rootPolicyId), policyFilesOrDirs);
    }

    /** As {@link #load(Path...)}, with the root and the optional XACML features chosen in {@code options}. */
    public static PolicyDecisionPoint load(PdpOptions options, List<Path> policyFilesOrDirs) {
        return new PolicyDecisionPoint(XacmlPdp.load(options, policyFilesOrDirs));
    }

    /** The id of the Policy or PolicySet requests are evaluated against. */
    public String rootPolicyId() {
        return pdp.rootPolicyId();
    }

    /** The policy files loaded, in load order. */
    public List<Path> files() {
        return pdp.files();
    }

    /** Decides one request. Evaluation problems give an Indeterminate decision with the status, not an exception. */
    public Decision decide(AccessRequest request) {
        return pdp.decide(request);
    }

    /**
     * Decides a XACML 3.0 XML Request (schema-validated); the response carries one decision per result.
     *
     * @param source names the request in error messages, e.g. its file name
     * @throws PolicyException when the request is not a valid XACML 3.0 Request, with line and column
     */
    public XacmlResponse decideXml(String requestXml, String source) {
        return pdp.decideXml(requestXml, source);
    }

    /** Reads a XACML 3.0 XML Response into decisions (to compare a PDP's answer with an expected one). */
    public static XacmlResponse parseXacmlResponse(String responseXml, String source) {
        return XacmlPdp.parseResponse(responseXml, source);
    }

    @Override
    public void close() {
        pdp.close();
    }
}
