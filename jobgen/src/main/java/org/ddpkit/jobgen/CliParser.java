package org.ddpkit.jobgen;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SequencedMap;
import java.util.Set;
import org.apache.commons.cli.AmbiguousOptionException;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.MissingArgumentException;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.UnrecognizedOptionException;
import org.ddpkit.jobgen.spec.ArraySpec;
import org.ddpkit.jobgen.spec.DependencySpec;
import org.ddpkit.jobgen.spec.DirectiveText;
import org.ddpkit.jobgen.spec.FilenamePattern;
import org.ddpkit.jobgen.spec.InvalidSpecException;
import org.ddpkit.jobgen.spec.JobEnvironment;
import org.ddpkit.jobgen.spec.JobSpec;
import org.ddpkit.jobgen.spec.Launch;
import org.ddpkit.jobgen.spec.LaunchMode;
import org.ddpkit.jobgen.spec.MailType;
import org.ddpkit.jobgen.spec.MemorySize;
import org.ddpkit.jobgen.spec.Requeue;
import org.ddpkit.jobgen.spec.RequeueMode;
import org.ddpkit.jobgen.spec.Resources;
import org.ddpkit.jobgen.spec.Scheduling;
import org.ddpkit.jobgen.spec.SignalSpec;
import org.ddpkit.jobgen.spec.SlurmTime;

/**
 * jobgen's arguments → a {@link Request}. Options come before {@code --} (GNU long options,
 * {@code --name VALUE} or {@code --name=VALUE}, unique prefixes accepted), the command after it.
 * Any problem is an {@link InvalidSpecException} whose message names the flag and the value.
 */
final class CliParser {
    private static final Options OPTIONS = options();

    private CliParser() {}

    /**
     * Parses {@code args}.
     *
     * @param defaultWrapper the srun-wrapper to use when {@code --wrapper} is not given
     */
    static Request parse(List<String> args, String defaultWrapper) {
        int dashes = args.indexOf("--");
        List<String> optionArgs = dashes < 0 ? args : args.subList(0, dashes);
        List<String> command = dashes < 0 ? List.of() : args.subList(dashes + 1, args.size());
        CommandLine cl = commandLine(optionArgs);
        if (!cl.getArgList().isEmpty()) {
            throw InvalidSpecException.commandLine("unexpected argument " + InvalidSpecException.quote(cl.getArgList().getFirst())
                    + " before --; the command goes after --: jobgen [OPTIONS] -- COMMAND [ARGS...]");
        }
        Values v = new Values(cl);
        SequencedMap<String, String> vars = pairs(v.all(Flag.SET), Flag.SET);
        for (String key : vars.keySet()) {
            if (!JobEnvironment.isVariableName(key)) {
                throw InvalidSpecException.badValue("--set", key + "=" + vars.get(key),
                        "does not start with a variable name (letters, digits and _, not starting with a digit)");
            }
            if (DirectiveText.hasControl(vars.get(key))) {
                throw InvalidSpecException.badValue("--set", key + "=" + vars.get(key), "contains a control character");
            }
        }
        String template = v.last(Flag.TEMPLATE).orElse("sbatch");
        Request.Action action = cl.hasOption(Flag.HELP.longName) ? Request.Action.HELP
                : cl.hasOption(Flag.VERSION.longName) ? Request.Action.VERSION
                : cl.hasOption(Flag.LIST_TEMPLATES.longName) ? Request.Action.LIST_TEMPLATES
                : cl.hasOption(Flag.SUBMIT.longName) ? Request.Action.SUBMIT
                : Request.Action.RENDER;
        JobSpec spec = switch (action) {
            case RENDER, SUBMIT -> spec(v, command, defaultWrapper);
            default -> null;
        };
        return new Request(action, spec, template, vars, args);
    }

    private static JobSpec spec(Values v, List<String> command, String defaultWrapper) {
        // Plain calls rather than lambdas: jobgen runs in loops, and each lambda call site costs
        // start-up time (see docs/jobgen.md, Speed).
        String mem = v.text(Flag.MEM);
        Resources resources = new Resources(
                v.number(Flag.NODES).orElse(1),
                v.number(Flag.GPUS).orElse(0),
                v.number(Flag.NTASKS_PER_NODE),
                v.number(Flag.CPUS_PER_TASK),
                mem == null ? Optional.empty() : Optional.of(MemorySize.parse(Flag.MEM.display(), mem)));
        String time = v.text(Flag.TIME);
        String output = v.text(Flag.OUTPUT);
        String error = v.text(Flag.ERROR);
        String array = v.text(Flag.ARRAY);
        String dependency = v.text(Flag.DEPENDENCY);
        String mailType = v.text(Flag.MAIL_TYPE);
        String signal = v.text(Flag.SIGNAL);
        String jobName = v.text(Flag.JOB_NAME);
        Scheduling scheduling = new Scheduling(
                time == null ? Optional.empty() : Optional.of(SlurmTime.parse(Flag.TIME.display(), time)),
                v.last(Flag.PARTITION), v.last(Flag.ACCOUNT), v.last(Flag.QOS), v.last(Flag.CONSTRAINT),
                jobName == null ? defaultJobName(command) : jobName,
                output == null ? Optional.empty() : Optional.of(FilenamePattern.parse(Flag.OUTPUT.display(), output)),
                error == null ? Optional.empty() : Optional.of(FilenamePattern.parse(Flag.ERROR.display(), error)),
                array == null ? Optional.empty() : Optional.of(ArraySpec.parse(Flag.ARRAY.display(), array)),
                dependency == null ? Optional.empty() : Optional.of(DependencySpec.parse(Flag.DEPENDENCY.display(), dependency)),
                mailType == null ? Set.of() : MailType.parseList(Flag.MAIL_TYPE.display(), mailType),
                v.last(Flag.MAIL_USER),
                v.on(Flag.EXCLUSIVE),
                signal != null ? SignalSpec.parse(Flag.SIGNAL.display(), signal)
                        : v.on(Flag.REQUEUE) ? SignalSpec.REQUEUE_DEFAULT : SignalSpec.DEFAULT,
                requeue(v));
        JobEnvironment environment = new JobEnvironment(v.all(Flag.MODULE), pairs(v.all(Flag.ENV), Flag.ENV), v.all(Flag.SETUP));
        String mode = v.text(Flag.LAUNCH_MODE);
        String wrapper = v.text(Flag.WRAPPER);
        Launch launch = new Launch(
                mode == null ? LaunchMode.PER_TASK : LaunchMode.parse(Flag.LAUNCH_MODE.display(), mode),
                v.number(Flag.NPROC_PER_NODE),
                wrapper == null ? defaultWrapper : wrapper,
                command);
        return new JobSpec(resources, scheduling, environment, launch);
    }

    /** {@code --requeue} with {@code --requeue-mode} and {@code --max-requeues}, which need it. */
    private static Optional<Requeue> requeue(Values v) {
        String mode = v.text(Flag.REQUEUE_MODE);
        OptionalInt max = v.number(Flag.MAX_REQUEUES);
        if (!v.on(Flag.REQUEUE)) {
            if (mode != null) {
                throw InvalidSpecException.badValue(Flag.REQUEUE_MODE.display(), mode, "needs --requeue; add --requeue");
            }
            if (max.isPresent()) {
                throw InvalidSpecException.badValue(Flag.MAX_REQUEUES.display(), String.valueOf(max.getAsInt()),
                        "needs --requeue; add --requeue");
            }
            return Optional.empty();
        }
        return Optional.of(new Requeue(
                mode == null ? RequeueMode.SCONTROL : RequeueMode.parse(Flag.REQUEUE_MODE.display(), mode),
                max.isPresent() ? max.getAsInt() : Requeue.DEFAULT_MAX_REQUEUES));
    }

    /** The command's file name, when it can serve as a job name; else {@code job}. */
    static String defaultJobName(List<String> command) {
        if (command.isEmpty() || command.getFirst().isBlank()) {
            return "job";
        }
        Path name = Path.of(command.getFirst().replace('\0', '_')).getFileName();
        String base = name == null ? "" : name.toString();
        try {
            return DirectiveText.text("--job-name", base);
        } catch (InvalidSpecException e) {
            return "job";
        }
    }

    private static SequencedMap<String, String> pairs(List<String> items, Flag flag) {
        SequencedMap<String, String> map = new LinkedHashMap<>();
        for (String item : items) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw InvalidSpecException.badValue(flag.display(), item, "is not KEY=VALUE");
            }
            String key = item.substring(0, eq);
            map.remove(key); // a repeated KEY moves to where it was last given
            map.put(key, item.substring(eq + 1));
        }
        return map;
    }

    private static CommandLine commandLine(List<String> optionArgs) {
        try {
            return DefaultParser.builder()
                    .setStripLeadingAndTrailingQuotes(false)
                    .get()
                    .parse(OPTIONS, optionArgs.toArray(new String[0]), false);
        } catch (AmbiguousOptionException e) {
            throw InvalidSpecException.commandLine("option " + e.getOption() + " is ambiguous: it could be --"
                    + String.join(", --", e.getMatchingOptions()));
        } catch (UnrecognizedOptionException e) {
            switchWithValue(e.getOption());
            throw InvalidSpecException.commandLine("unknown option " + e.getOption() + suggestion(e.getOption())
                    + " (jobgen --help lists the options)");
        } catch (MissingArgumentException e) {
            Option o = e.getOption();
            throw new InvalidSpecException("--" + o.getLongOpt(), "needs a value (" + o.getArgName() + ")");
        } catch (ParseException e) {
            throw InvalidSpecException.commandLine(e.getMessage());
        }
    }

    /** {@code --exclusive=yes}: a switch given a value. */
    private static void switchWithValue(String token) {
        int eq = token.indexOf('=');
        if (token.startsWith("--") && eq > 2) {
            String name = token.substring(2, eq);
            for (Flag f : Flag.values()) {
                if (f.longName.equals(name) && !f.takesValue()) {
                    throw InvalidSpecException.badValue(f.display(), token.substring(eq + 1),
                            "is a value, but " + f.display() + " is a switch that takes none");
                }
            }
        }
    }

    /** ", did you mean --nodes?" for a near miss, else nothing. */
    private static String suggestion(String given) {
        String bare = given.replaceFirst("^-+", "").replaceFirst("=.*", "");
        String best = null;
        int bestDistance = 3;
        for (Flag f : Flag.values()) {
            int d = distance(bare, f.longName);
            if (d < bestDistance) {
                best = f.longName;
                bestDistance = d;
            }
        }
        return best == null ? "" : "; did you mean --" + best + "?";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static Options options() {
        Options options = new Options();
        for (Flag f : Flag.values()) {
            String shortName = f == Flag.HELP ? "h" : f == Flag.VERSION ? "V" : null;
            Option.Builder b = Option.builder(shortName).longOpt(f.longName).desc(f.help);
            if (f.takesValue()) {
                b.hasArg().argName(f.argName);
            }
            options.addOption(b.get());
        }
        return options;
    }

    /** Typed access to the parsed options; a repeated single-value option keeps its last value. */
    private record Values(CommandLine cl) {
        List<String> all(Flag f) {
            String[] values = cl.getOptionValues(f.longName);
            return values == null ? List.of() : List.of(values);
        }

        Optional<String> last(Flag f) {
            List<String> all = all(f);
            return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
        }

        boolean on(Flag f) {
            return cl.hasOption(f.longName);
        }

        /** The last value given, or null. */
        String text(Flag f) {
            String[] values = cl.getOptionValues(f.longName);
            return values == null ? null : values[values.length - 1];
        }

        OptionalInt number(Flag f) {
            Optional<String> text = last(f);
            if (text.isEmpty()) {
                return OptionalInt.empty();
            }
            String t = text.get().trim();
            if (!t.matches("-?\\d{1,9}")) {
                throw InvalidSpecException.badValue(f.display(), text.get(), "is not a whole number");
            }
            return OptionalInt.of(Integer.parseInt(t));
        }
    }
}
