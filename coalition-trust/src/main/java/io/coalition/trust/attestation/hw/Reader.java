package io.coalition.trust.attestation.hw;

import java.util.Arrays;

/**
 * Bounds-checked little-endian cursor over evidence bytes. Every read names its field so that a short or
 * inconsistent input fails with the field and offset, never with an index exception.
 */
final class Reader {
    private final String format;
    private final byte[] data;
    private final int end;
    private int pos;

    Reader(String format, byte[] data, int start, int end) {
        this.format = format;
        this.data = data;
        this.pos = start;
        this.end = end;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    EvidenceFormatException error(String field, long offset, String problem) {
        return new EvidenceFormatException(format, field, offset, problem);
    }

    private void need(String field, int n) {
        if (n < 0 || end - pos < n) {
            throw error(field, pos, "needs " + n + " bytes, only " + Math.max(0, end - pos) + " left");
        }
    }

    byte[] bytes(String field, int n) {
        need(field, n);
        byte[] out = Arrays.copyOfRange(data, pos, pos + n);
        pos += n;
        return out;
    }

    int u8(String field) {
        need(field, 1);
        return data[pos++] & 0xFF;
    }

    int u16(String field) {
        need(field, 2);
        int v = (data[pos] & 0xFF) | (data[pos + 1] & 0xFF) << 8;
        pos += 2;
        return v;
    }

    long u32(String field) {
        need(field, 4);
        long v = le(data, pos, 4);
        pos += 4;
        return v;
    }

    long u64(String field) {
        need(field, 8);
        long v = le(data, pos, 8);
        pos += 8;
        return v;
    }

    /** Reads a u32 length and checks that many bytes follow; returns it as an int. */
    int length32(String field) {
        int at = pos;
        long n = u32(field);
        if (n > remaining()) {
            throw error(field, at, "declares " + n + " bytes, only " + remaining() + " follow");
        }
        return (int) n;
    }

    static long le(byte[] b, int off, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = v << 8 | (b[off + i] & 0xFF);
        }
        return v;
    }

    static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) return false;
        }
        return true;
    }
}
