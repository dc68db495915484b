package io.coalition.decisions.queue;

import io.coalition.decisions.DecisionsException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * How a request or a response travels over a queue that leaves the process (the Redis backend): bytes in, the
 * same value out. {@link #decode} throws a {@link DecisionsException} naming what is wrong, never returns a
 * partial value.
 */
public interface WireCodec<T> {
    byte[] encode(T value);

    T decode(byte[] bytes);

    /** Strings as UTF-8; malformed UTF-8 is refused rather than replaced. */
    static WireCodec<String> utf8() {
        return new WireCodec<>() {
            @Override
            public byte[] encode(String value) {
                return value.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public String decode(byte[] bytes) {
                try {
                    return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
                } catch (CharacterCodingException e) {
                    throw new DecisionsException("wire: " + bytes.length + " bytes are not UTF-8 text: " + e.getMessage(), e);
                }
            }
        };
    }
}
