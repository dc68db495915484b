package io.coalition.policy;

import java.util.List;
import java.util.Objects;

/**
 * A XACML 3.0 XML response and the decisions it carries, one per Result (more than one only for a
 * Multiple Decision Profile request).
 */
public record XacmlResponse(String xml, List<Decision> decisions) {
    public XacmlResponse {
        Objects.requireNonNull(xml, "xml");
        decisions = List.copyOf(decisions);
    }
}
