package io.bourse.config;

import io.bourse.core.params.InvalidInputException;
import java.net.InetSocketAddress;

/** "host:port"; port 0 asks the OS for a free port. */
public record HostPort(String host, int port) {
    public HostPort {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range");
        }
    }

    public static HostPort parse(String field, String text) {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon <= 0) {
            throw new InvalidInputException(field, "must be host:port, got '" + text + "'");
        }
        String port = text.substring(colon + 1);
        try {
            if (!port.matches("[0-9]{1,5}")) { // ASCII digits only: no sign, no other scripts' digits
                throw new IllegalArgumentException("not a port");
            }
            return new HostPort(text.substring(0, colon), Integer.parseInt(port));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "must be host:port with a port 0-65535, got '" + text + "'");
        }
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
