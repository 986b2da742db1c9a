package io.bourse.core.codec;

/** A value with a canonical binary form (docs/encoding.md). */
public interface Encodable {
    void encode(Writer w);

    default byte[] toBytes() {
        Writer w = new Writer();
        encode(w);
        return w.toByteArray();
    }
}
