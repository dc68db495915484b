package io.coalition.policy;

/**
 * How a {@link PolicyDecisionPoint} is set up. {@link #DEFAULT} is the mandatory XACML 3.0 feature set; the
 * two optional features are off unless asked for.
 *
 * @param rootPolicyId      the root PolicyId or PolicySetId, or {@code null} for the only policy no other loaded
 *                          policy references
 * @param xpath             XACML's optional XPath features: AttributeSelector, the xpathExpression data type and
 *                          its functions, over the requests' {@code Content} (XML requests only)
 * @param multipleDecisions the Multiple Decision Profile's repeated attribute categories (one result per
 *                          combination of the repeated categories; XML requests only)
 */
public record PdpOptions(String rootPolicyId, boolean xpath, boolean multipleDecisions) {
    public static final PdpOptions DEFAULT = new PdpOptions(null, false, false);

    public PdpOptions {
        if (rootPolicyId != null && rootPolicyId.isBlank()) {
            throw new PolicyException("root policy id is empty; leave it out to use the only unreferenced policy");
        }
    }

    public PdpOptions withRootPolicyId(String id) {
        return new PdpOptions(id, xpath, multipleDecisions);
    }

    public PdpOptions withXPath(boolean enabled) {
        return new PdpOptions(rootPolicyId, enabled, multipleDecisions);
    }

    public PdpOptions withMultipleDecisions(boolean enabled) {
        return new PdpOptions(rootPolicyId, xpath, enabled);
    }
}
