package org.ddpkit.examples.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A demo's {@code --flag value} and {@code --switch} arguments, with typed getters whose
 * errors name the flag and quote the value: {@code --epochs: must be ≥ 1, got "0"}.
 * {@code --flag=value} is accepted too.
 */
public final class Flags {
    private final String command;
    private final Map<String, String> values = new LinkedHashMap<>();

    private Flags(String command) {
        this.command = command;
    }

    /**
     * @param command  the demo's name, for messages
     * @param valued   flags that take a value
     * @param switches flags without a value
     */
    public static Flags parse(String command, List<String> args, Set<String> valued, Set<String> switches) throws UsageException {
        Flags f = new Flags(command);
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String flag = a, value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                flag = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            if (switches.contains(flag) && value == null) {
                f.values.put(flag, "true");
            } else if (valued.contains(flag)) {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException(flag + ": needs a value");
                    }
                    value = args.get(++i);
                }
                f.values.put(flag, value);
            } else {
                List<String> known = new java.util.ArrayList<>(valued);
                known.addAll(switches);
                java.util.Collections.sort(known);
                throw new UsageException("unknown option \"" + a + "\" for " + command + "; known: " + String.join(", ", known));
            }
        }
        return f;
    }

    public boolean has(String flag) {
        return values.containsKey(flag);
    }

    public String string(String flag, String dflt) {
        return values.getOrDefault(flag, dflt);
    }

    /** The value, which must be one of {@code choices}. */
    public String choice(String flag, String dflt, List<String> choices) throws UsageException {
        String v = string(flag, dflt);
        if (!choices.contains(v)) {
            throw new UsageException(flag + ": must be one of " + String.join(", ", choices) + ", got \"" + v + "\"");
        }
        return v;
    }

    /** An integer of at least {@code min}. */
    public int integer(String flag, int dflt, int min) throws UsageException {
        String v = values.get(flag);
        if (v == null) {
            return dflt;
        }
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(flag + ": must be an integer, got \"" + v + "\"");
        }
        if (n < min) {
            throw new UsageException(flag + ": must be ≥ " + min + ", got \"" + v + "\"");
        }
        return n;
    }

    public long longValue(String flag, long dflt) throws UsageException {
        String v = values.get(flag);
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(flag + ": must be an integer, got \"" + v + "\"");
        }
    }

    /** A number greater than 0. */
    public double positive(String flag, double dflt) throws UsageException {
        String v = values.get(flag);
        if (v == null) {
            return dflt;
        }
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(flag + ": must be a number, got \"" + v + "\"");
        }
        if (!(d > 0) || Double.isInfinite(d)) {
            throw new UsageException(flag + ": must be a number > 0, got \"" + v + "\"");
        }
        return d;
    }

    public Optional<Path> path(String flag) throws UsageException {
        String v = values.get(flag);
        if (v == null) {
            return Optional.empty();
        }
        if (v.isBlank()) {
            throw new UsageException(flag + ": must name a path, got \"" + v + "\"");
        }
        try {
            return Optional.of(Path.of(v));
        } catch (java.nio.file.InvalidPathException e) {
            throw new UsageException(flag + ": not a valid path, got \"" + v + "\"");
        }
    }

    public String command() {
        return command;
    }
}
