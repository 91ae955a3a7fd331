package org.ddpkit.launch.plan;

/**
 * MASTER_ADDR and MASTER_PORT, each with where it came from (for --dry-run and messages).
 */
public record MasterChoice(String addr, String addrSource, int port, String portSource) {
    public MasterChoice {
        if (port < 1 || port > 65534) {
            throw new IllegalArgumentException("MASTER_PORT " + port + " outside 1–65534");
        }
    }

    public static MasterChoice of(Addr addr, Port port) {
        return new MasterChoice(addr.addr(), addr.source(), port.port(), port.source());
    }

    /** An address and where it came from. */
    public record Addr(String addr, String source) {}

    /** A port and where it came from. */
    public record Port(int port, String source) {}
}
