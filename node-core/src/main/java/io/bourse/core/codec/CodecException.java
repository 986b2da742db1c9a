package io.bourse.core.codec;

/**
 * The only exception decoding throws: the bytes are not the canonical encoding of the expected
 * value. The message names what was being read and why it was refused; it never contains key
 * material.
 */
public final class CodecException extends RuntimeException {
    public CodecException(String message) {
        super(message);
    }
}
