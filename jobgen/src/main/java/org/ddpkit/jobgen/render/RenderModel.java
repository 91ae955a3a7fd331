package org.ddpkit.jobgen.render;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import java.util.TreeSet;
import org.ddpkit.jobgen.spec.JobSpec;
import org.ddpkit.jobgen.spec.MailType;
import org.ddpkit.jobgen.spec.SignalSpec;

/**
 * Every value a template can use, computed from the validated spec: the {@code #SBATCH}
 * lines, the quoted srun line, the setup sections, and the plain values for admins' own
 * templates. templates/README.md documents each name; a test keeps the two in step. Values
 * that are unset are null (a Mustache section over them is skipped), never absent, so a
 * template that names an unknown variable can be refused.
 *
 * @param values the variables by name
 */
public record RenderModel(Map<String, Object> values) {
    public RenderModel {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * The model for {@code spec}.
     *
     * @param vars       {@code --set KEY=VALUE} pairs for admins' templates
     * @param jobgenArgs jobgen's own arguments, shown in the script's header
     * @param version    jobgen's version
     */
    public static RenderModel of(JobSpec spec, SequencedMap<String, String> vars, List<String> jobgenArgs, String version) {
        var res = spec.resources();
        var s = spec.scheduling();
        var env = spec.environment();
        AllocationOptions alloc = AllocationOptions.of(spec);
        SrunCommand srun = SrunCommand.of(spec);

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put("jobgenArgs", ShellQuote.words(jobgenArgs));
        // computed lines
        m.put("sbatchDirectives", alloc.sbatchDirectives());
        m.put("sallocOptions", ShellQuote.words(alloc.sallocWords()));
        m.put("modules", env.modules().stream().map(ShellQuote::word).toList());
        List<String> exports = new ArrayList<>();
        env.env().forEach((k, v) -> exports.add(k + "=" + ShellQuote.word(v)));
        m.put("exports", exports);
        m.put("setup", env.setup());
        m.put("hasModules", !env.modules().isEmpty());
        m.put("hasExports", !env.env().isEmpty());
        m.put("hasSetup", !env.setup().isEmpty());
        m.put("srunLine", ShellQuote.words(srun.words()));
        m.put("srunOptions", ShellQuote.words(srun.options()));
        m.put("wrapper", ShellQuote.word(spec.launch().wrapper()));
        m.put("wrapperArgs", nullIfEmpty(ShellQuote.words(srun.wrapperWords().subList(1, srun.wrapperWords().size()))));
        m.put("command", ShellQuote.words(srun.command()));
        m.put("signal", signal(s.signal()));
        m.put("forwardSignal", s.signal().batchOnly() ? s.signal().name() : null);
        // plain values
        m.put("jobName", s.jobName());
        m.put("nodes", res.nodes());
        m.put("gpusPerNode", res.gpusPerNode());
        m.put("tasksPerNode", spec.tasksPerNode());
        m.put("workersPerNode", spec.workersPerNode());
        m.put("worldSize", spec.worldSize());
        m.put("launchMode", spec.launch().mode().flagValue());
        m.put("cpusPerTask", res.cpusPerTask().isPresent() ? res.cpusPerTask().getAsInt() : null);
        m.put("mem", res.mem().map(x -> x.text()).orElse(null));
        m.put("time", s.time().map(x -> x.text()).orElse(null));
        m.put("timeSeconds", s.time().filter(x -> !x.unlimited()).map(x -> x.seconds()).orElse(null));
        m.put("partition", s.partition().orElse(null));
        m.put("account", s.account().orElse(null));
        m.put("qos", s.qos().orElse(null));
        m.put("constraint", s.constraint().orElse(null));
        m.put("output", s.output().map(x -> x.text()).orElse(null));
        m.put("error", s.error().map(x -> x.text()).orElse(null));
        m.put("array", s.array().map(x -> x.text()).orElse(null));
        m.put("dependency", s.dependency().map(x -> x.text()).orElse(null));
        m.put("mailType", s.mailTypes().isEmpty() ? null : MailType.join(s.mailTypes()));
        m.put("mailUser", s.mailUser().orElse(null));
        m.put("exclusive", s.exclusive());
        m.put("requeue", s.requeue());
        Map<String, String> quoted = new LinkedHashMap<>();
        vars.forEach((k, v) -> quoted.put(k, ShellQuote.word(v)));
        m.put("set", new LinkedHashMap<>(vars));
        m.put("setQuoted", quoted);
        return new RenderModel(m);
    }

    private static Map<String, Object> signal(SignalSpec sig) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spec", sig.sbatchValue());
        m.put("name", sig.name());
        m.put("seconds", sig.seconds());
        m.put("batchOnly", sig.batchOnly());
        return m;
    }

    private static String nullIfEmpty(String s) {
        return s.isEmpty() ? null : s;
    }

    /**
     * Every name a template may use: the top-level names and the names inside nested values
     * (e.g. {@code name} inside {@code signal}), but not the admin-chosen keys under
     * {@code set} and {@code setQuoted}.
     */
    public Set<String> variableNames() {
        Set<String> names = new TreeSet<>();
        collect(values, names);
        return names;
    }

    private static void collect(Map<?, ?> map, Set<String> names) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            names.add(key);
            if (e.getValue() instanceof Map<?, ?> inner && !key.equals("set") && !key.equals("setQuoted")) {
                collect(inner, names);
            }
        }
    }
}
