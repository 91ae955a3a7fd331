package org.ddpkit.launch.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.ddpkit.launch.LaunchException;
import org.ddpkit.launch.config.Endpoint;
import org.ddpkit.launch.config.LaunchConfig;
import org.ddpkit.launch.config.LinePrefix;
import org.ddpkit.launch.config.NprocPerNode;
import org.ddpkit.launch.config.OutputOptions;
import org.ddpkit.launch.config.RendezvousOptions;
import org.ddpkit.launch.config.StreamSelection;
import org.ddpkit.launch.config.SupervisionOptions;

/**
 * {@code srun-wrapper [options] [--] COMMAND [ARGS...]} to an {@link Invocation}. The command
 * starts after {@code --} or at the first word that is neither an option nor an option's
 * value, as with torchrun; an unknown option before it is an error (exit 64), never mistaken
 * for the command. When a flag is given twice the last one wins.
 */
public final class ConfigParser {
    private ConfigParser() {}

    public static Invocation parse(List<String> args) {
        Options options = WrapperOptions.parsing();
        int split = commandStart(args, options);
        List<String> optionArgs = args.subList(0, split);
        List<String> command = split < args.size() && args.get(split).equals("--")
                ? args.subList(split + 1, args.size()) : args.subList(split, args.size());
        CommandLine cmd;
        try {
            cmd = DefaultParser.builder().setAllowPartialMatching(false).setStripLeadingAndTrailingQuotes(false).get()
                    .parse(options, optionArgs.toArray(String[]::new), false);
        } catch (ParseException e) {
            throw LaunchException.usage(e.getMessage() + " (see --help)");
        }
        Map<String, String> v = lastValues(cmd);
        if (v.containsKey("help")) {
            return new Invocation.Help(help());
        }
        if (v.containsKey("version")) {
            return new Invocation.Version();
        }
        return new Invocation.Run(config(v, command));
    }

    private static LaunchConfig config(Map<String, String> v, List<String> command) {
        Optional<NprocPerNode> nproc = Optional.ofNullable(v.get("nproc-per-node")).map(NprocPerNode::parse);
        OptionalInt nnodes = v.containsKey("nnodes") ? OptionalInt.of(nnodes(v.get("nnodes"))) : OptionalInt.empty();
        String backend = v.getOrDefault("rdzv-backend", "c10d");
        if (!backend.equals("c10d")) {
            throw LaunchException.usage("--rdzv-backend: only c10d (the wrapper's own TCP rendezvous) is supported, got \"" + backend + "\"");
        }
        Duration timeout = RendezvousOptions.DEFAULT_TIMEOUT;
        if (v.containsKey("rdzv-conf")) {
            timeout = rdzvConfTimeout(v.get("rdzv-conf")).orElse(timeout);
        }
        if (v.containsKey("rdzv-timeout")) {
            timeout = seconds(v, "rdzv-timeout");
        }
        RendezvousOptions rdzv = new RendezvousOptions(nnodes, optionalInt(v, "node-rank"),
                Optional.ofNullable(v.get("rdzv-endpoint")).map(Endpoint::parse), Optional.ofNullable(v.get("rdzv-id")),
                timeout, Optional.ofNullable(v.get("local-addr")));
        OutputOptions output = new OutputOptions(Optional.ofNullable(v.get("log-dir")).map(Path::of),
                v.containsKey("redirects") ? StreamSelection.parse("--redirects", v.get("redirects")) : StreamSelection.NONE,
                v.containsKey("tee") ? StreamSelection.parse("--tee", v.get("tee")) : StreamSelection.NONE,
                v.containsKey("no-prefix") ? LinePrefix.NONE : LinePrefix.parse(v.getOrDefault("prefix", "rank")));
        SupervisionOptions supervision = new SupervisionOptions(
                optionalInt(v, "max-restarts").orElse(0),
                v.containsKey("monitor-interval") ? seconds(v, "monitor-interval") : SupervisionOptions.DEFAULT_MONITOR_INTERVAL,
                v.containsKey("kill-grace") ? seconds(v, "kill-grace") : SupervisionOptions.DEFAULT_KILL_GRACE);
        return new LaunchConfig(command, nproc, v.containsKey("standalone"), v.getOrDefault("role", LaunchConfig.DEFAULT_ROLE),
                Optional.ofNullable(v.get("master-addr")), optionalInt(v, "master-port"), !v.containsKey("no-gpu-bind"),
                v.containsKey("dry-run"), rdzv, output, supervision);
    }

    /** Index of {@code --} or of the command's first word; {@code args.size()} when there is none. */
    static int commandStart(List<String> args, Options options) {
        int i = 0;
        while (i < args.size()) {
            String t = args.get(i);
            if (t.equals("--") || !t.startsWith("-") || t.equals("-")) {
                return i;
            }
            String name = t.startsWith("--") ? t.substring(2) : t.substring(1);
            boolean inline = name.contains("=");
            Option opt = options.getOption(inline ? name.substring(0, name.indexOf('=')) : name);
            i += (opt != null && opt.hasArg() && !inline) ? 2 : 1;
        }
        return args.size();
    }

    private static Map<String, String> lastValues(CommandLine cmd) {
        Map<String, String> out = new HashMap<>();
        for (Option o : cmd.getOptions()) {
            String name = o.getLongOpt() != null ? WrapperOptions.canonical(o.getLongOpt()) : o.getOpt();
            out.put(name, o.hasArg() ? o.getValue() : "");
        }
        return out;
    }

    private static int nnodes(String text) {
        String[] parts = text.split(":", -1);
        try {
            int min = Integer.parseInt(parts[0]);
            if (parts.length == 2 && Integer.parseInt(parts[1]) != min) {
                throw LaunchException.usage("--nnodes: elastic MIN:MAX ranges are not supported, give one number, got \"" + text + "\"");
            }
            if (parts.length > 2) {
                throw new NumberFormatException();
            }
            return min;
        } catch (NumberFormatException e) {
            throw LaunchException.usage("--nnodes: want a number of nodes, got \"" + text + "\"");
        }
    }

    private static OptionalInt optionalInt(Map<String, String> v, String name) {
        if (!v.containsKey(name)) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(v.get(name).trim()));
        } catch (NumberFormatException e) {
            throw LaunchException.usage("--" + name + ": want a whole number, got \"" + v.get(name) + "\"");
        }
    }

    private static Duration seconds(Map<String, String> v, String name) {
        return seconds("--" + name, v.get(name));
    }

    private static Duration seconds(String flag, String text) {
        try {
            double s = Double.parseDouble(text.trim());
            if (Double.isNaN(s) || Double.isInfinite(s) || s > 1e9) {
                throw new NumberFormatException();
            }
            return Duration.ofNanos((long) (s * 1e9));
        } catch (NumberFormatException e) {
            throw LaunchException.usage(flag + ": want a number of seconds, got \"" + text + "\"");
        }
    }

    /** torchrun's {@code --rdzv-conf timeout=N,join_timeout=N,...}: the keys this wrapper knows. */
    private static Optional<Duration> rdzvConfTimeout(String conf) {
        Optional<Duration> timeout = Optional.empty();
        for (String item : conf.split(",")) {
            String[] kv = item.split("=", 2);
            if (kv.length != 2) {
                throw LaunchException.usage("--rdzv-conf: want KEY=VALUE,..., got \"" + conf + "\"");
            }
            switch (kv[0].trim()) {
                case "timeout", "join_timeout" -> timeout = Optional.of(seconds("--rdzv-conf " + kv[0].trim(), kv[1]));
                case "read_timeout", "last_call_timeout", "close_timeout", "is_host" -> { /* accepted, no effect here */ }
                default -> throw LaunchException.usage("--rdzv-conf: unknown key \"" + kv[0].trim()
                        + "\"; known: timeout, join_timeout (and, without effect, read_timeout, last_call_timeout, close_timeout, is_host)");
            }
        }
        return timeout;
    }

    static String help() {
        return HelpText.render();
    }

    /** Every long option name (dash spelling), for tests. */
    static List<String> longNames() {
        return new ArrayList<>(WrapperOptions.descriptions().keySet());
    }
}
