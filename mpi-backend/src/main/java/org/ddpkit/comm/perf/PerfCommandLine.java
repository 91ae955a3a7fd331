package org.ddpkit.comm.perf;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.ddpkit.comm.Backend;
import org.ddpkit.comm.GroupOptions;
import org.ddpkit.comm.ReduceOp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;

/** {@code allreduce-perf}'s flags (nccl-tests' names where they exist) → {@link PerfOptions}. */
final class PerfCommandLine {
    static final String USAGE = "allreduce-perf [-b SIZE] [-e SIZE] [-f FACTOR] [-w N] [-n N] [-c 0|1] [-o OP] "
            + "[--backend cpu|mpj|nccl] [--buffer array|direct] [--timeout S] [--shm-chunk SIZE] [--ring-chunk SIZE] "
            + "[--csv FILE] [--label TEXT]";

    private PerfCommandLine() {}

    static Options options() {
        Options o = new Options();
        o.addOption(arg("b", "minbytes", "SIZE", "first message size (default 8)"));
        o.addOption(arg("e", "maxbytes", "SIZE", "last message size (default 64M)"));
        o.addOption(arg("f", "stepfactor", "N", "multiply the size by this (default 2)"));
        o.addOption(arg("w", "warmup_iters", "N", "untimed iterations per size (default 5)"));
        o.addOption(arg("n", "iters", "N", "timed iterations per size (default 20)"));
        o.addOption(arg("c", "check", "0|1", "check results (default 1)"));
        o.addOption(arg("o", "op", "OP", "sum, avg, max or min (default sum)"));
        o.addOption(arg(null, "backend", "NAME", "cpu (default), mpj or nccl"));
        o.addOption(arg(null, "buffer", "KIND", "array (float[], default) or direct (direct FloatBuffer)"));
        o.addOption(arg(null, "timeout", "S", "collective timeout in seconds (default 300)"));
        GroupOptions d = GroupOptions.defaults();
        o.addOption(arg(null, "shm-chunk", "SIZE", "cpu backend: bytes per rank per step in shared memory, a multiple"
                + " of 4K (default: 512K, or 2M where a node has more ranks than cores)"));
        o.addOption(arg(null, "ring-chunk", "SIZE", "cpu backend: bytes per pipelined piece of the TCP ring (default "
                + ByteSize.format(d.ringChunkBytes()) + ")"));
        o.addOption(arg(null, "csv", "FILE", "rank 0 appends label,bytes,time_us,algbw,busbw,wrong rows here"));
        o.addOption(arg(null, "label", "TEXT", "the CSV rows' first column (default BACKEND-Nranks)"));
        o.addOption(Option.builder("h").longOpt("help").desc("print this help").get());
        return o;
    }

    private static Option arg(String shortName, String longName, String argName, String desc) {
        return Option.builder(shortName).longOpt(longName).hasArg().argName(argName).desc(desc).get();
    }

    /** Null when -h was given. */
    static PerfOptions parse(List<String> args) {
        CommandLine cl;
        try {
            cl = DefaultParser.builder().get().parse(options(), args.toArray(String[]::new));
        } catch (ParseException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (!cl.getArgList().isEmpty()) {
            throw new IllegalArgumentException("unexpected argument \"" + cl.getArgList().getFirst() + "\"");
        }
        if (cl.hasOption("h")) {
            return null;
        }
        String backend = cl.getOptionValue("backend", "cpu");
        if (!Backend.labels().contains(backend)) {
            throw new IllegalArgumentException("--backend: must be one of " + String.join(", ", Backend.labels())
                    + ", got \"" + backend + "\"");
        }
        String buffer = cl.getOptionValue("buffer", "array");
        if (!buffer.equals("array") && !buffer.equals("direct")) {
            throw new IllegalArgumentException("--buffer: must be array or direct, got \"" + buffer + "\"");
        }
        String check = cl.getOptionValue("c", "1");
        if (!check.equals("0") && !check.equals("1")) {
            throw new IllegalArgumentException("-c: must be 0 or 1, got \"" + check + "\"");
        }
        ReduceOp op;
        try {
            op = ReduceOp.byLabel(cl.getOptionValue("o", "sum"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-o: " + e.getMessage());
        }
        String csv = cl.getOptionValue("csv");
        GroupOptions group = GroupOptions.defaults().withTimeout(Duration.ofSeconds(intValue(cl, "timeout", 300)));
        group = withChunk(group, cl, "shm-chunk", GroupOptions::withShmChunkBytes);
        group = withChunk(group, cl, "ring-chunk", GroupOptions::withRingChunkBytes);
        return new PerfOptions(
                ByteSize.parse("-b", cl.getOptionValue("b", "8")),
                ByteSize.parse("-e", cl.getOptionValue("e", "64M")),
                intValue(cl, "f", 2),
                intValue(cl, "w", 5),
                intValue(cl, "n", 20),
                check.equals("1"),
                op,
                backend,
                buffer.equals("direct"),
                csv == null ? null : Path.of(csv),
                cl.getOptionValue("label"),
                group);
    }

    /** {@code g} with the chunk size of option {@code opt} when given; errors name the flag. */
    private static GroupOptions withChunk(GroupOptions g, CommandLine cl, String opt, BiFunction<GroupOptions, Integer, GroupOptions> set) {
        String text = cl.getOptionValue(opt);
        if (text == null) {
            return g;
        }
        long bytes = ByteSize.parse("--" + opt, text);
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--" + opt + ": must be below 2G, got \"" + text + "\"");
        }
        try {
            return set.apply(g, (int) bytes);
        } catch (IllegalArgumentException e) { // "shm chunk: must be ..., got "N"": the same words, under the flag's name
            String m = e.getMessage();
            throw new IllegalArgumentException("--" + opt + ": " + m.substring(m.indexOf(": ") + 2));
        }
    }

    private static int intValue(CommandLine cl, String opt, int dflt) {
        String v = cl.getOptionValue(opt);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            String flag = opt.length() == 1 ? "-" + opt : "--" + opt;
            throw new IllegalArgumentException(flag + ": must be an integer, got \"" + v + "\"");
        }
    }

    static String help() {
        StringBuilder b = new StringBuilder("usage: ").append(USAGE).append("\n\n")
                .append("All-reduce bandwidth over a ddpkit process group, like nccl-tests' all_reduce_perf. Run one\n")
                .append("per rank with the env contract set (srun-wrapper does that); rank 0 prints the table.\n\n");
        for (Option o : options().getOptions()) {
            String names = (o.getOpt() == null ? "    " : "-" + o.getOpt() + ", ") + "--" + o.getLongOpt()
                    + (o.hasArg() ? " " + o.getArgName() : "");
            b.append(String.format("  %-28s %s%n", names, o.getDescription()));
        }
        b.append("\nExit codes: 0 ok, 1 wrong values found, 64 usage, 69 backend unavailable,\n")
                .append("75 a peer failed or timed out, 78 bad env contract.\n");
        return b.toString();
    }
}
