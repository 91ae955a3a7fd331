package org.ddpkit.launch.config;

import org.ddpkit.launch.LaunchException;

/**
 * {@code HOST[:PORT]} of the rendezvous server ({@code --rdzv-endpoint}); an IPv6 address is
 * written in brackets ({@code [::1]:29400}).
 */
public record Endpoint(String host, int port) {
    /** torchrun's default rendezvous port. */
    public static final int DEFAULT_PORT = 29400;

    public Endpoint {
        if (host.isBlank()) {
            throw LaunchException.usage("--rdzv-endpoint: empty host");
        }
        if (port < 1 || port > 65535) {
            throw LaunchException.usage("--rdzv-endpoint: port must be 1–65535, got \"" + port + "\"");
        }
    }

    public static Endpoint parse(String text) {
        String host = text;
        int port = DEFAULT_PORT;
        int colon = text.lastIndexOf(':');
        boolean bracketed = text.startsWith("[");
        if (bracketed) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw LaunchException.usage("--rdzv-endpoint: unclosed \"[\" in \"" + text + "\"");
            }
            host = text.substring(1, close);
            colon = text.indexOf(':', close) == close + 1 ? close + 1 : -1;
        } else if (colon >= 0 && text.indexOf(':') != colon) {
            colon = -1; // a bare IPv6 address: no port
        } else if (colon >= 0) {
            host = text.substring(0, colon);
        }
        if (colon >= 0) {
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw LaunchException.usage("--rdzv-endpoint: want HOST[:PORT], got \"" + text + "\"");
            }
        }
        return new Endpoint(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
