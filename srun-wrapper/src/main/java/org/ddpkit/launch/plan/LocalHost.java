package org.ddpkit.launch.plan;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.ddpkit.launch.ExitCode;
import org.ddpkit.launch.LaunchException;
import org.ddpkit.launch.slurm.Hostlist;
import org.ddpkit.launch.slurm.MasterPort;

/** {@link HostInfo} of the machine this JVM runs on. */
public final class LocalHost implements HostInfo {
    /** The port the last {@link #freePortPair} found unused in /proc/net/tcp{,6}; -1 when none. */
    private int foundFree = -1;

    public LocalHost() {}

    /** The kernel's host name (of this UTS namespace); not $HOSTNAME, which srun copies from the submitting host. */
    @Override
    public String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException u) {
                return "localhost";
            }
        }
    }

    @Override
    public int cpuCount() {
        return Runtime.getRuntime().availableProcessors();
    }

    @Override
    public List<String> gpuDevices() {
        List<Integer> found = new ArrayList<>();
        // a plain listing, not a glob: a glob compiles a regex, milliseconds at start-up
        try (DirectoryStream<Path> dev = Files.newDirectoryStream(Path.of("/dev"))) {
            for (Path p : dev) {
                String name = p.getFileName().toString();
                String digits = name.startsWith("nvidia") ? name.substring("nvidia".length()) : "";
                if (Hostlist.isDigits(digits) && digits.length() < 6) {
                    found.add(Integer.parseInt(digits));
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        Collections.sort(found);
        List<String> out = new ArrayList<>();
        for (int n : found) {
            out.add(Integer.toString(n));
        }
        return out;
    }

    @Override
    public boolean resolves(String host) {
        try {
            InetAddress.getByName(host);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * Reads the ports in use from /proc/net/tcp and tcp6 (a millisecond) rather than binding
     * test sockets (the JVM's first socket costs tens of milliseconds); falls back to binding
     * where /proc cannot be read.
     */
    @Override
    public int freePortPair(long seed) {
        Set<Integer> used = portsInUse();
        foundFree = -1;
        int slots = MasterPort.SLOTS;
        int start = (int) Math.floorMod(seed, (long) slots);
        for (int k = 0; k < slots; k++) {
            int port = MasterPort.DERIVED_LOW + 2 * ((start + k) % slots);
            boolean free = used != null ? !used.contains(port) && !used.contains(port + 1) : bindable(port) && bindable(port + 1);
            if (free) {
                foundFree = used != null ? port : -1;
                return port;
            }
        }
        throw new LaunchException(ExitCode.UNAVAILABLE, "no free pair of ports in " + MasterPort.DERIVED_LOW + "–"
                + (MasterPort.DERIVED_HIGH + 1) + " for MASTER_PORT; pass --master-port");
    }

    /** Local TCP ports of every socket listed in /proc/net/tcp{,6}, or null when unreadable. */
    static Set<Integer> portsInUse() {
        return tcpPorts(false);
    }

    /**
     * From the LISTEN entries (state 0A) of /proc/net/tcp and tcp6; by binding the port where
     * /proc cannot be read. The port {@link #freePortPair} just found unused in those tables is
     * not read again.
     */
    @Override
    public boolean listening(int port) {
        if (port == foundFree) {
            return false;
        }
        Set<Integer> listening = tcpPorts(true);
        return listening != null ? listening.contains(port) : !bindable(port);
    }

    /**
     * The local ports of /proc/net/tcp and tcp6 ({@code listenOnly}: of the LISTEN entries, state
     * 0A, only), or null when neither table can be read. A line is "  sl  local_address
     * rem_address   st ...": the local port is the hex after the last ':' of field 2, the state
     * field 4. A missing table (no IPv6) or an unexpected line leaves what was read.
     */
    private static Set<Integer> tcpPorts(boolean listenOnly) {
        Set<Integer> ports = new HashSet<>();
        boolean any = false;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                List<String> lines = Files.readAllLines(Path.of(table));
                any = true;
                for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                    String[] f = fields(line, 4);
                    int colon = f != null ? f[1].lastIndexOf(':') : -1;
                    if (colon > 0 && (!listenOnly || f[3].equals("0A"))) {
                        ports.add(Integer.parseInt(f[1], colon + 1, f[1].length(), 16));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // missing table (no IPv6) or an unexpected format: use what was read
            }
        }
        return any ? ports : null;
    }

    /** The first {@code n} space-separated fields of {@code line}, or null when it has fewer (no regex: see gpuDevices). */
    private static String[] fields(String line, int n) {
        String[] f = new String[n];
        int i = 0;
        for (int k = 0; k < n; k++) {
            while (i < line.length() && line.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < line.length() && line.charAt(i) != ' ') {
                i++;
            }
            if (start == i) {
                return null;
            }
            f[k] = line.substring(start, i);
        }
        return f;
    }

    @Override
    public long pid() {
        return ProcessHandle.current().pid();
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
