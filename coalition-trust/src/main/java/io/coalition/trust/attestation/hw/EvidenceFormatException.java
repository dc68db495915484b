package io.coalition.trust.attestation.hw;

import io.coalition.trust.TrustException;

/**
 * Hardware evidence (an SGX or TDX quote, an SEV-SNP report) does not follow its published layout. The
 * message names the format, the field and its byte offset in the input, what was found and what was
 * expected, e.g. {@code SGX quote v3: field 'version' at offset 0: found 4, expected 3}. The parsers throw
 * nothing else on any input (checked by the fuzz tests).
 */
public final class EvidenceFormatException extends TrustException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final long offset;

    EvidenceFormatException(String format, String field, long offset, String problem) {
        super(format + ": field '" + field + "' at offset " + offset + ": " + problem);
        this.field = field;
        this.offset = offset;
    }

    EvidenceFormatException(String format, String field, long offset, String problem, Throwable cause) {
        super(format + ": field '" + field + "' at offset " + offset + ": " + problem, cause);
        this.field = field;
        this.offset = offset;
    }

    /** The name of the malformed field, as in the vendor's layout. */
    public String field() {
        return field;
    }

    /** Byte offset of that field in the parsed input. */
    public long offset() {
        return offset;
    }
}
