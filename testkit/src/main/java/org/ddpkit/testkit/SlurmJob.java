package org.ddpkit.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One job as {@code scontrol show job -o} reports it.
 *
 * @param id        JobId (for an array task, that task's own id)
 * @param state     JobState: PENDING, RUNNING, COMPLETING, COMPLETED, FAILED, CANCELLED, ...
 * @param reason    Reason (why pending or why it failed; "None" when nothing to say)
 * @param exitCode  the exit code part of ExitCode=code:signal
 * @param signal    the signal part of ExitCode=code:signal (0 when not killed by a signal)
 * @param restarts  Restarts: how often the job was requeued (its SLURM_RESTART_COUNT)
 * @param nodeList  NodeList, e.g. {@code node[1-2]}; "(null)" while pending
 * @param stdOut    StdOut: the path of the job's standard output file
 * @param fields    every Key=Value pair of the line, in order
 */
public record SlurmJob(String id, String state, String reason, int exitCode, int signal, int restarts,
                       String nodeList, String stdOut, Map<String, String> fields) {

    /** States after which a job never runs again (unless requeued by hand). */
    public static final Set<String> END_STATES = Set.of("COMPLETED", "CANCELLED", "FAILED", "TIMEOUT",
            "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE", "OUT_OF_MEMORY", "SPECIAL_EXIT");

    // A key starts a field when it begins with a capital letter and follows a space or the line
    // start; values may hold spaces ("JobName=my job") and lowercase key=value text.
    private static final Pattern KEY = Pattern.compile("(?:^|(?<= ))([A-Z][A-Za-z0-9_:/]*)=");

    public SlurmJob {
        fields = Map.copyOf(fields);
    }

    /** True once the job is in one of {@link #END_STATES}. */
    public boolean ended() {
        return END_STATES.contains(state);
    }

    /** The value of any field, e.g. {@code field("BatchHost")}; null when absent. */
    public String field(String key) {
        return fields.get(key);
    }

    /** A one-line summary for assertion messages. */
    public String describe() {
        return "job " + id + " " + state + " (Reason=" + reason + ", ExitCode=" + exitCode + ":" + signal
                + ", Restarts=" + restarts + ", NodeList=" + nodeList + ", StdOut=" + stdOut + ")";
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Parses every line of {@code scontrol show job -o} output (one per job or array task). */
    public static List<SlurmJob> parseAll(String output) {
        List<SlurmJob> jobs = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                jobs.add(parse(line));
            }
        }
        return jobs;
    }

    /** Parses one line of {@code scontrol show job -o}. */
    public static SlurmJob parse(String line) {
        Map<String, String> f = new LinkedHashMap<>();
        Matcher m = KEY.matcher(line);
        String key = null;
        int valueStart = 0;
        while (m.find()) {
            if (key != null) {
                f.put(key, line.substring(valueStart, m.start()).strip());
            }
            key = m.group(1);
            valueStart = m.end();
        }
        if (key != null) {
            f.put(key, line.substring(valueStart).strip());
        }
        if (!f.containsKey("JobId")) {
            throw new IllegalArgumentException("not a line of scontrol show job -o: \"" + line + "\"");
        }
        String[] exit = f.getOrDefault("ExitCode", "0:0").split(":", 2);
        return new SlurmJob(f.get("JobId"), f.getOrDefault("JobState", "UNKNOWN"), f.getOrDefault("Reason", ""),
                intOf(exit[0]), exit.length > 1 ? intOf(exit[1]) : 0, intOf(f.getOrDefault("Restarts", "0")),
                f.getOrDefault("NodeList", ""), f.getOrDefault("StdOut", ""), f);
    }

    private static int intOf(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
