package io.coalition.decisions.ccu;

import io.coalition.trust.cas.Cid;

/**
 * Where one submitted record lives: its full copy and its light copy (decision-relevant fields only), each
 * encrypted under the record's own key, by CID; and the notarized pointer hash binding name, id and both CIDs.
 * {@code messageId} is the id of the envelope that brought it, so a redelivered submission is recognised.
 */
public record StoredRecord(String dataName, String dataStructure, String recordId, String provider, String messageId,
                           Cid full, Cid light, byte[] pointer) {
    public StoredRecord {
        pointer = pointer.clone();
    }

    @Override
    public byte[] pointer() {
        return pointer.clone();
    }
}
