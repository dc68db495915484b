package io.coalition.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a policy enforcement point asks: the attributes of the subject (e.g. a participant's role, country,
 * organization, identification number and participant types from its certificate), the action, the resource
 * and the environment, each in its XACML 3.0 category (§10.2.6, Appendix B.2). Attribute ids are the ids the
 * policy uses (full URNs such as {@link #SUBJECT_ID}, or the short ids an ALFA policy declares).
 *
 * <p>Build one with {@link #builder()}; values of one attribute form a bag. Two calls for the same category
 * and id add to the same bag.
 *
 * @param returnPolicyIdList ask the PDP to list the policies that were applicable (XACML §5.42)
 */
public record AccessRequest(List<Attribute> attributes, boolean returnPolicyIdList) {
    public static final String SUBJECT = "urn:oasis:names:tc:xacml:1.0:subject-category:access-subject";
    public static final String ACTION = "urn:oasis:names:tc:xacml:3.0:attribute-category:action";
    public static final String RESOURCE = "urn:oasis:names:tc:xacml:3.0:attribute-category:resource";
    public static final String ENVIRONMENT = "urn:oasis:names:tc:xacml:3.0:attribute-category:environment";

    public static final String SUBJECT_ID = "urn:oasis:names:tc:xacml:1.0:subject:subject-id";
    public static final String ACTION_ID = "urn:oasis:names:tc:xacml:1.0:action:action-id";
    public static final String RESOURCE_ID = "urn:oasis:names:tc:xacml:1.0:resource:resource-id";
    public static final String CURRENT_DATE_TIME = "urn:oasis:names:tc:xacml:1.0:environment:current-dateTime";

    public AccessRequest {
        attributes = List.copyOf(attributes);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The attributes of one category, in request order. */
    public List<Attribute> category(String category) {
        return attributes.stream().filter(a -> a.category().equals(category)).toList();
    }

    /** Collects attributes; values for the same (category, id, issuer) are merged into one bag. */
    public static final class Builder {
        private final Map<List<String>, List<AttributeValue>> bags = new LinkedHashMap<>();
        private boolean returnPolicyIdList;

        private Builder() {
        }

        public Builder subject(String attributeId, AttributeValue... values) {
            return attribute(SUBJECT, attributeId, values);
        }

        public Builder action(String attributeId, AttributeValue... values) {
            return attribute(ACTION, attributeId, values);
        }

        /** The action as a string {@link #ACTION_ID}. */
        public Builder action(String actionId) {
            return attribute(ACTION, ACTION_ID, AttributeValue.string(actionId));
        }

        public Builder resource(String attributeId, AttributeValue... values) {
            return attribute(RESOURCE, attributeId, values);
        }

        public Builder environment(String attributeId, AttributeValue... values) {
            return attribute(ENVIRONMENT, attributeId, values);
        }

        public Builder attribute(String category, String attributeId, AttributeValue... values) {
            return attribute(new Attribute(category, attributeId, Arrays.asList(values)));
        }

        public Builder attribute(Attribute attribute) {
            List<String> key = Arrays.asList(attribute.category(), attribute.id(), attribute.issuer());
            bags.computeIfAbsent(key, k -> new ArrayList<>()).addAll(attribute.values());
            return this;
        }

        public Builder returnPolicyIdList(boolean value) {
            this.returnPolicyIdList = value;
            return this;
        }

        public AccessRequest build() {
            List<Attribute> list = new ArrayList<>();
            bags.forEach((k, v) -> list.add(new Attribute(k.get(0), k.get(1), k.get(2), v)));
            return new AccessRequest(list, returnPolicyIdList);
        }
    }
}
