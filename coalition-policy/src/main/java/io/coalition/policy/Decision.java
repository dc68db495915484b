package io.coalition.policy;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The PDP's answer to one request (XACML 3.0 §5.48 Result): the verdict, its status, the obligations the PEP
 * must discharge and the advice it may follow, the attributes the request asked to have returned, and, when
 * asked, the applicable policies.
 *
 * <p>A PEP that enforces this must treat anything but {@link Verdict#PERMIT} as a refusal, and refuse a Permit
 * whose obligations it does not understand (XACML §7.18). Obligations and advice are kept in a canonical order
 * (by id, stable), so two decisions compare equal when they carry the same actions, whatever order the PDP
 * combined them in.
 */
public record Decision(Verdict verdict, Status status, List<PepAction> obligations, List<PepAction> advice,
                       List<Attribute> attributes, List<PolicyReference> applicablePolicies) {

    /** XACML's four decisions (extended Indeterminate values are reported as {@link #INDETERMINATE}). */
    public enum Verdict {
        PERMIT("Permit"), DENY("Deny"), NOT_APPLICABLE("NotApplicable"), INDETERMINATE("Indeterminate");

        private final String xacml;

        Verdict(String xacml) {
            this.xacml = xacml;
        }

        /** The XACML spelling: {@code Permit}, {@code NotApplicable}, ... */
        public String xacml() {
            return xacml;
        }
    }

    /**
     * A result status (XACML §5.54): the status code URI (the top-level one; a nested code is appended as
     * {@code subCode}) and the PDP's message, or {@code null}.
     */
    public record Status(String code, String subCode, String message) {
        public static final String OK_CODE = "urn:oasis:names:tc:xacml:1.0:status:ok";
        public static final Status OK = new Status(OK_CODE, null, null);

        public Status {
            Objects.requireNonNull(code, "code");
        }

        public boolean isOk() {
            return OK_CODE.equals(code);
        }
    }

    /** An obligation or advice: its id and its attribute assignments, in the order the policy gave them. */
    public record PepAction(String id, List<AttributeAssignment> assignments) {
        public PepAction {
            Objects.requireNonNull(id, "id");
            assignments = List.copyOf(assignments);
        }
    }

    /**
     * One attribute assignment of an obligation or advice (XACML §5.41).
     *
     * @param category the category, or {@code null}
     * @param issuer   the issuer, or {@code null}
     */
    public record AttributeAssignment(String attributeId, String category, String issuer, AttributeValue value) {
        public AttributeAssignment {
            Objects.requireNonNull(attributeId, "attributeId");
            Objects.requireNonNull(value, "value");
        }
    }

    /** A policy or policy set that took part in the decision (XACML §5.12 PolicyIdentifierList). */
    public record PolicyReference(boolean policySet, String id, String version) {
    }

    public Decision {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(status, "status");
        obligations = canonical(obligations);
        advice = canonical(advice);
        attributes = List.copyOf(attributes);
        applicablePolicies = List.copyOf(applicablePolicies);
    }

    private static List<PepAction> canonical(List<PepAction> actions) {
        return actions.stream().sorted(Comparator.comparing(PepAction::id)).toList();
    }

    public boolean isPermit() {
        return verdict == Verdict.PERMIT;
    }
}
