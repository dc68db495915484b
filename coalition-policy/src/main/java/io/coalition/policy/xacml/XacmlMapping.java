package io.coalition.policy.xacml;

import io.coalition.policy.AccessRequest;
import io.coalition.policy.Attribute;
import io.coalition.policy.AttributeValue;
import io.coalition.policy.Decision;
import io.coalition.policy.Decision.AttributeAssignment;
import io.coalition.policy.Decision.PepAction;
import io.coalition.policy.Decision.PolicyReference;
import io.coalition.policy.Decision.Status;
import io.coalition.policy.Decision.Verdict;
import jakarta.xml.bind.JAXBElement;
import oasis.names.tc.xacml._3_0.core.schema.wd_17.Advice;
import oasis.names.tc.xacml._3_0.core.schema.wd_17.AttributeValueType;
import oasis.names.tc.xacml._3_0.core.schema.wd_17.Attributes;
import oasis.names.tc.xacml._3_0.core.schema.wd_17.IdReferenceType;
import oasis.names.tc.xacml._3_0.core.schema.wd_17.Obligation;
import oasis.names.tc.xacml._3_0.core.schema.wd_17.Request;
import oasis.names.tc.xacml._3_0.core.schema.wd_17.Result;
import oasis.names.tc.xacml._3_0.core.schema.wd_17.StatusCode;
import org.w3c.dom.Node;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Between Coalition's request/decision records and AuthzForce's JAXB model of XACML 3.0. */
final class XacmlMapping {
    private XacmlMapping() {
    }

    static Request toJaxb(AccessRequest request) {
        Map<String, List<oasis.names.tc.xacml._3_0.core.schema.wd_17.Attribute>> byCategory = new LinkedHashMap<>();
        for (Attribute a : request.attributes()) {
            List<AttributeValueType> values = new ArrayList<>();
            for (AttributeValue v : a.values()) {
                values.add(new AttributeValueType(List.of(v.value()), v.dataType(), Map.of()));
            }
            byCategory.computeIfAbsent(a.category(), c -> new ArrayList<>())
                    .add(new oasis.names.tc.xacml._3_0.core.schema.wd_17.Attribute(values, a.id(), a.issuer(), false));
        }
        List<Attributes> categories = new ArrayList<>();
        byCategory.forEach((category, attributes) -> categories.add(new Attributes(null, attributes, category, null)));
        return new Request(null, categories, null, request.returnPolicyIdList(), false);
    }

    static Decision toDecision(Result r) {
        Verdict verdict = switch (r.getDecision()) {
            case PERMIT -> Verdict.PERMIT;
            case DENY -> Verdict.DENY;
            case NOT_APPLICABLE -> Verdict.NOT_APPLICABLE;
            case INDETERMINATE -> Verdict.INDETERMINATE;
        };
        Status status = Status.OK;
        if (r.getStatus() != null && r.getStatus().getStatusCode() != null) {
            StatusCode code = r.getStatus().getStatusCode();
            String sub = code.getStatusCode() == null ? null : code.getStatusCode().getValue();
            status = new Status(code.getValue(), sub, r.getStatus().getStatusMessage());
        }
        List<PepAction> obligations = new ArrayList<>();
        if (r.getObligations() != null) {
            for (Obligation o : r.getObligations().getObligations()) {
                obligations.add(new PepAction(o.getObligationId(), assignments(o.getAttributeAssignments())));
            }
        }
        List<PepAction> advice = new ArrayList<>();
        if (r.getAssociatedAdvice() != null) {
            for (Advice a : r.getAssociatedAdvice().getAdvices()) {
                advice.add(new PepAction(a.getAdviceId(), assignments(a.getAttributeAssignments())));
            }
        }
        List<Attribute> attributes = new ArrayList<>();
        for (Attributes category : r.getAttributes()) {
            for (var a : category.getAttributes()) {
                attributes.add(new Attribute(category.getCategory(), a.getAttributeId(), a.getIssuer(),
                        a.getAttributeValues().stream().map(v -> value(v.getDataType(), v.getContent())).toList()));
            }
        }
        List<PolicyReference> policies = new ArrayList<>();
        if (r.getPolicyIdentifierList() != null) {
            for (JAXBElement<IdReferenceType> ref : r.getPolicyIdentifierList().getPolicyIdReferencesAndPolicySetIdReferences()) {
                policies.add(new PolicyReference(ref.getName().getLocalPart().equals("PolicySetIdReference"),
                        ref.getValue().getValue(), ref.getValue().getVersion()));
            }
        }
        return new Decision(verdict, status, obligations, advice, attributes, policies);
    }

    private static List<AttributeAssignment> assignments(
            List<oasis.names.tc.xacml._3_0.core.schema.wd_17.AttributeAssignment> list) {
        return list.stream().map(a -> new AttributeAssignment(a.getAttributeId(), a.getCategory(), a.getIssuer(),
                value(a.getDataType(), a.getContent()))).toList();
    }

    private static AttributeValue value(String dataType, List<Serializable> content) {
        StringBuilder text = new StringBuilder();
        for (Serializable part : content) {
            text.append(part instanceof Node node ? node.getTextContent() : String.valueOf(part));
        }
        // As the PDP wrote it: its lexical checks, not Coalition's stricter request-side ones, apply here.
        return new AttributeValue(dataType, text.toString());
    }
}
