package org.ddpkit.jobgen.render;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.Optional;
import org.ddpkit.jobgen.spec.ArraySpec;
import org.ddpkit.jobgen.spec.DependencySpec;
import org.ddpkit.jobgen.spec.FilenamePattern;
import org.ddpkit.jobgen.spec.JobSpec;
import org.ddpkit.jobgen.spec.MailType;
import org.ddpkit.jobgen.spec.MemorySize;
import org.ddpkit.jobgen.spec.RequeueMode;
import org.ddpkit.jobgen.spec.SignalSpec;
import org.ddpkit.jobgen.spec.SlurmTime;

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
        List<String> modules = new ArrayList<>();
        for (String module : env.modules()) {
            modules.add(ShellQuote.word(module));
        }
        m.put("modules", modules);
        List<String> exports = new ArrayList<>();
        for (Map.Entry<String, String> e : env.env().entrySet()) {
            exports.add(e.getKey() + "=" + ShellQuote.word(e.getValue()));
        }
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
        m.put("mem", textOf(res.mem()));
        m.put("time", textOf(s.time()));
        m.put("timeSeconds", s.time().isPresent() && !s.time().get().unlimited() ? s.time().get().seconds() : null);
        m.put("partition", textOf(s.partition()));
        m.put("account", textOf(s.account()));
        m.put("qos", textOf(s.qos()));
        m.put("constraint", textOf(s.constraint()));
        m.put("output", textOf(s.output()));
        m.put("error", textOf(s.error()));
        m.put("array", textOf(s.array()));
        m.put("dependency", textOf(s.dependency()));
        m.put("mailType", s.mailTypes().isEmpty() ? null : MailType.join(s.mailTypes()));
        m.put("mailUser", textOf(s.mailUser()));
        m.put("exclusive", s.exclusive());
        m.put("requeue", s.requeue().isPresent());
        m.put("requeueMode", s.requeue().isPresent() ? s.requeue().get().mode().flagValue() : null);
        m.put("requeueByScontrol", s.requeue().isPresent() && s.requeue().get().mode() == RequeueMode.SCONTROL);
        m.put("requeueByResubmit", s.requeue().isPresent() && s.requeue().get().mode() == RequeueMode.RESUBMIT);
        m.put("maxRequeues", s.requeue().isPresent() ? s.requeue().get().maxRequeues() : null);
        m.put("trapTerm", s.requeue().isPresent() && !s.signal().name().equals("TERM"));
        Map<String, String> quoted = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : vars.entrySet()) {
            quoted.put(e.getKey(), ShellQuote.word(e.getValue()));
        }
        m.put("set", new LinkedHashMap<>(vars));
        m.put("setQuoted", quoted);
        return new RenderModel(m);
    }

    /**
     * The text of an optional value (a String, or a value type's {@code text()}), or null.
     * Written without lambdas: this runs on every start-up.
     */
    static String textOf(Optional<?> value) {
        if (value.isEmpty()) {
            return null;
        }
        Object v = value.get(); // instanceof, not a pattern switch: that would bootstrap at run time too
        if (v instanceof String s) {
            return s;
        } else if (v instanceof MemorySize x) {
            return x.text();
        } else if (v instanceof SlurmTime x) {
            return x.text();
        } else if (v instanceof FilenamePattern x) {
            return x.text();
        } else if (v instanceof ArraySpec x) {
            return x.text();
        } else if (v instanceof DependencySpec x) {
            return x.text();
        }
        throw new IllegalArgumentException("no text for " + v.getClass());
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
