package org.ddpkit.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code /proc}: which live processes carry a marker string in their command line or
 * environment, and in which of the local cluster's network namespaces (that is, on which node)
 * each one runs. Reading other users' environments needs root, as the cluster does.
 */
final class ProcessTable {
    private static final Path PROC = Path.of("/proc");
    private static final Path NETNS = Path.of("/run/netns");
    /** Network namespaces of the local cluster's nodes are named ddpkit-NODE. */
    private static final String NETNS_PREFIX = "ddpkit-";

    private ProcessTable() {}

    /** Live processes other than this JVM whose command line or environment contains {@code marker}. */
    static List<NodeProcess> withMarker(String marker) {
        if (marker.isEmpty()) {
            throw new IllegalArgumentException("marker: must not be empty");
        }
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        Map<String, String> nodeByNetns = nodesByNetns();
        long self = ProcessHandle.current().pid();
        List<NodeProcess> found = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path dir : dirs) {
                long pid = Long.parseLong(dir.getFileName().toString());
                byte[] cmdline = readOrEmpty(dir.resolve("cmdline"));
                if (pid == self || cmdline.length == 0) {
                    continue; // this JVM, a kernel thread, a zombie or a process that just ended
                }
                if (contains(cmdline, needle) || contains(readOrEmpty(dir.resolve("environ")), needle)) {
                    String node = nodeByNetns.getOrDefault(netnsOf(dir), "host");
                    found.add(new NodeProcess(pid, node, new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' ').strip()));
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc: " + e.getMessage(), e);
        }
        return found;
    }

    /** "net:[ino]" link text of each node's namespace file → node name. */
    private static Map<String, String> nodesByNetns() {
        Map<String, String> nodes = new HashMap<>();
        if (!Files.isDirectory(NETNS)) {
            return nodes;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(NETNS, NETNS_PREFIX + "*")) {
            for (Path f : files) {
                Object ino = Files.getAttribute(f, "unix:ino");
                nodes.put("net:[" + ino + "]", f.getFileName().toString().substring(NETNS_PREFIX.length()));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // no namespaces readable: every process is reported as "host"
        }
        return nodes;
    }

    private static String netnsOf(Path procDir) {
        try {
            return Files.readSymbolicLink(procDir.resolve("ns/net")).toString();
        } catch (IOException e) {
            return "";
        }
    }

    private static byte[] readOrEmpty(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return new byte[0]; // gone, or not ours to read
        }
    }

    static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
