package io.coalition.policy;

import java.util.List;
import java.util.Objects;

/**
 * A named attribute with one or more values (a bag), in a XACML category such as
 * {@link AccessRequest#SUBJECT}. Used both in requests and for the attributes a decision returns
 * ({@code IncludeInResult}).
 *
 * @param issuer the issuer, or {@code null} for none
 */
public record Attribute(String category, String id, String issuer, List<AttributeValue> values) {
    public Attribute {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(id, "id");
        if (category.isBlank()) throw new PolicyException("attribute '" + id + "': category is empty");
        if (id.isBlank()) throw new PolicyException("attribute in category " + category + ": id is empty");
        values = List.copyOf(values);
        if (values.isEmpty()) throw new PolicyException("attribute '" + id + "': no value");
    }

    public Attribute(String category, String id, List<AttributeValue> values) {
        this(category, id, null, values);
    }
}
