package org.ddpkit.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Process checks for tests: a handle taken while the process lives, and "gone" that counts zombies as gone. */
public final class Processes {
    private Processes() {}

    /** The live process with the pid written in {@code pidFile}; fails when it is not alive. */
    public static ProcessHandle handle(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            return h.orElseThrow(() -> new AssertionError("process " + pid + " from " + pidFile + " is not alive"));
        } catch (IOException e) {
            throw new AssertionError("cannot read " + pidFile, e);
        }
    }

    /** True when the process ended (a zombie waiting for its parent counts as ended). */
    public static boolean gone(ProcessHandle h) {
        if (!h.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true;
        }
    }
}
