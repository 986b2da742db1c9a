package io.bourse.p2p;

/** The one unchecked exception of this module: a network resource could not be set up (e.g. a port in use). */
public final class P2pException extends RuntimeException {
    public P2pException(String message, Throwable cause) {
        super(message, cause);
    }
}
