package io.bourse.core.codec;

/**
 * An enum whose constants reach canonical bytes or state keys. Each constant has an explicit
 * {@link #code()}, written as a {@code u8}; the code, never the constant's position, is the format,
 * so constants may be reordered freely but a code is never changed or reused (docs/encoding.md,
 * "Enumerations"). Decoding refuses a code no constant has.
 */
public interface WireCode {
    /** The constant's code on the wire, 0..255. */
    int code();

    /**
     * The constant of {@code all} with {@code code}.
     *
     * @throws CodecException naming {@code what} and the code when no constant has it
     */
    static <E extends WireCode> E fromCode(E[] all, int code, String what) {
        for (E e : all) {
            if (e.code() == code) {
                return e;
            }
        }
        throw new CodecException(what + ": unknown code " + code);
    }
}
