package io.coalition.eventlog.ocel;

import java.util.Objects;

/**
 * A qualified link from an event or object to an object.
 *
 * @param objectId  the related object's id
 * @param qualifier what the link means, e.g. {@code "Payment from invoice"}; {@code ""} when the file gives
 *                  none (always so for OCEL 1.0, which has no qualifiers)
 */
public record OcelRelationship(String objectId, String qualifier) {
    public OcelRelationship {
        Objects.requireNonNull(objectId, "objectId");
        Objects.requireNonNull(qualifier, "qualifier");
    }
}
