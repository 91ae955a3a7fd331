package org.ddpkit.launch.agent;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The failure report, in a fixed shape (after torchrun's): a header naming the group, one block
 * per failed worker other than the root cause under "Failures:", the first observed failure
 * under "Root cause (first observed failure):", and the workers the wrapper stopped.
 */
public final class FailureReport {
    private static final String RULE = "=".repeat(72);
    private static final String THIN = "-".repeat(72);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS xxx").withZone(ZoneId.systemDefault());

    private FailureReport() {}

    /**
     * @param title    e.g. {@code worker group "default" of run 123.0 FAILED}
     * @param host     this node's name
     * @param failures workers that failed on their own, first observed first
     * @param stopped  workers the wrapper stopped, with how they ended
     */
    public static String render(String title, String host, List<WorkerExit> failures, List<WorkerExit> stopped) {
        return render(title, host, failures, stopped, List.of());
    }

    /**
     * As {@link #render(String, String, List, List)}, plus the workers found frozen (process state
     * T: stopped by SIGSTOP or a debugger) when the wrapper began to stop the group: the hung ranks
     * that a peer's collective timeout is most likely about.
     *
     * @param frozen e.g. {@code rank 1 (local rank 1, pid 4243)}
     */
    public static String render(String title, String host, List<WorkerExit> failures, List<WorkerExit> stopped,
                                List<String> frozen) {
        StringBuilder out = new StringBuilder();
        out.append(RULE).append('\n').append(title).append('\n').append(THIN).append('\n');
        out.append("Failures:\n");
        if (failures.size() <= 1) {
            out.append("  <no other failures>\n");
        }
        for (int i = 1; i < failures.size(); i++) {
            block(out, i, failures.get(i), host);
        }
        out.append(THIN).append('\n').append("Root cause (first observed failure):\n");
        block(out, 0, failures.getFirst(), host);
        if (!stopped.isEmpty()) {
            out.append(THIN).append('\n').append("Stopped by the wrapper: ")
                    .append(stopped.stream().map(e -> "rank " + e.rank() + " (" + e.describe() + ")").collect(Collectors.joining(", ")))
                    .append('\n');
        }
        if (!frozen.isEmpty()) {
            out.append(stopped.isEmpty() ? THIN + "\n" : "").append("Frozen (process state T: SIGSTOP or a debugger) when the group was stopped: ")
                    .append(String.join(", ", frozen)).append('\n');
        }
        out.append(RULE).append('\n');
        return out.toString();
    }

    private static void block(StringBuilder out, int index, WorkerExit e, String host) {
        out.append('[').append(index).append("]:\n");
        field(out, "time", TIME.format(e.time()));
        field(out, "host", host);
        field(out, "rank", e.rank() + " (local rank " + e.localRank() + ")");
        field(out, "pid", e.pid() > 0 ? Long.toString(e.pid()) : "<not started>");
        field(out, "exit", e.describe());
        field(out, "log file", e.logFile().orElse("<console>"));
        if (e.stderrTail().isEmpty()) {
            field(out, "stderr", "<nothing>");
        } else {
            field(out, "stderr", "last " + e.stderrTail().size() + " line(s):");
            for (String line : e.stderrTail()) {
                out.append("      | ").append(line).append('\n');
            }
        }
    }

    private static void field(StringBuilder out, String key, String value) {
        out.append(String.format("  %-9s: %s%n", key, value));
    }
}
