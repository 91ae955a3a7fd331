package org.ddpkit.jobgen.render;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.ddpkit.jobgen.spec.JobSpec;
import org.ddpkit.jobgen.spec.MailType;

/**
 * The options that ask SLURM for the job's allocation, by name ({@code nodes} → {@code 2};
 * bare flags such as {@code exclusive} map to null), sorted by name. sbatch takes them all;
 * salloc takes all but the batch-only ones ({@link #BATCH_ONLY}).
 */
public record AllocationOptions(SortedMap<String, String> options) {
    /** Options that only sbatch has. */
    public static final Set<String> BATCH_ONLY = Set.of("array", "error", "open-mode", "output", "requeue");

    public AllocationOptions {
        options = Collections.unmodifiableSortedMap(new TreeMap<>(options));
    }

    /** The allocation {@code spec} asks for. */
    public static AllocationOptions of(JobSpec spec) {
        var res = spec.resources();
        var s = spec.scheduling();
        SortedMap<String, String> o = new TreeMap<>();
        o.put("nodes", String.valueOf(res.nodes()));
        o.put("ntasks-per-node", String.valueOf(spec.tasksPerNode()));
        if (res.gpusPerNode() > 0) {
            o.put("gpus-per-node", String.valueOf(res.gpusPerNode()));
        }
        if (res.cpusPerTask().isPresent()) {
            o.put("cpus-per-task", String.valueOf(res.cpusPerTask().getAsInt()));
        }
        putIfSet(o, "mem", RenderModel.textOf(res.mem()));
        putIfSet(o, "time", RenderModel.textOf(s.time()));
        putIfSet(o, "partition", RenderModel.textOf(s.partition()));
        putIfSet(o, "account", RenderModel.textOf(s.account()));
        putIfSet(o, "qos", RenderModel.textOf(s.qos()));
        putIfSet(o, "constraint", RenderModel.textOf(s.constraint()));
        o.put("job-name", s.jobName());
        putIfSet(o, "output", RenderModel.textOf(s.output()));
        putIfSet(o, "error", RenderModel.textOf(s.error()));
        putIfSet(o, "array", RenderModel.textOf(s.array()));
        putIfSet(o, "dependency", RenderModel.textOf(s.dependency()));
        if (!s.mailTypes().isEmpty()) {
            o.put("mail-type", MailType.join(s.mailTypes()));
        }
        putIfSet(o, "mail-user", RenderModel.textOf(s.mailUser()));
        if (s.exclusive()) {
            o.put("exclusive", null);
        }
        o.put("signal", s.signal().sbatchValue());
        if (s.requeue().isPresent()) {
            o.put("requeue", null);
            // a requeued job writes its output again: append, so the first run's lines stay
            o.put("open-mode", "append");
        }
        return new AllocationOptions(o);
    }

    private static void putIfSet(SortedMap<String, String> options, String name, String value) {
        if (value != null) {
            options.put(name, value);
        }
    }

    /** Lines for {@code #SBATCH}: {@code --name=value} (value quoted for sbatch) or {@code --name}. */
    public List<String> sbatchDirectives() {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, String> e : options.entrySet()) {
            lines.add(e.getValue() == null ? "--" + e.getKey() : "--" + e.getKey() + "=" + ShellQuote.directiveValue(e.getValue()));
        }
        return lines;
    }

    /** The options for a salloc command line, as words (to be shell-quoted). */
    public List<String> sallocWords() {
        List<String> words = new ArrayList<>();
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (!BATCH_ONLY.contains(e.getKey())) {
                words.add(e.getValue() == null ? "--" + e.getKey() : "--" + e.getKey() + "=" + e.getValue());
            }
        }
        return words;
    }
}
