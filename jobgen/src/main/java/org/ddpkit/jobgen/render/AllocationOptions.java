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
    public static final Set<String> BATCH_ONLY = Set.of("array", "error", "output", "requeue");

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
        res.cpusPerTask().ifPresent(c -> o.put("cpus-per-task", String.valueOf(c)));
        res.mem().ifPresent(m -> o.put("mem", m.text()));
        s.time().ifPresent(t -> o.put("time", t.text()));
        s.partition().ifPresent(v -> o.put("partition", v));
        s.account().ifPresent(v -> o.put("account", v));
        s.qos().ifPresent(v -> o.put("qos", v));
        s.constraint().ifPresent(v -> o.put("constraint", v));
        o.put("job-name", s.jobName());
        s.output().ifPresent(p -> o.put("output", p.text()));
        s.error().ifPresent(p -> o.put("error", p.text()));
        s.array().ifPresent(a -> o.put("array", a.text()));
        s.dependency().ifPresent(d -> o.put("dependency", d.text()));
        if (!s.mailTypes().isEmpty()) {
            o.put("mail-type", MailType.join(s.mailTypes()));
        }
        s.mailUser().ifPresent(v -> o.put("mail-user", v));
        if (s.exclusive()) {
            o.put("exclusive", null);
        }
        o.put("signal", s.signal().sbatchValue());
        if (s.requeue()) {
            o.put("requeue", null);
        }
        return new AllocationOptions(o);
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
