package org.ddpkit.launch.cli;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * The option table. Every long name with a dash also parses with underscores
 * ({@code --nproc_per_node}), as torchrun accepts both; {@link #visible()} is the table
 * without those aliases, for {@code --help}.
 */
final class WrapperOptions {
    private WrapperOptions() {}

    /** A heading of --help and its options. */
    record Section(String title, List<Option> options) {}

    /** Every option, grouped as --help shows them. */
    static List<Section> sections() {
        return List.of(
                new Section("Workers", List.of(
                        arg(null, "nproc-per-node", "N|gpu|cpu|auto", "workers on this node; under srun this selects per-node mode "
                                + "(run srun with one task per node). Default 1"),
                        arg(null, "role", "NAME", "name of the worker group (ROLE_NAME). Default \"default\""),
                        arg(null, "max-restarts", "N", "restart the local worker group up to N times after a failure (not after a forwarded USR1/USR2). Default 0"),
                        arg(null, "monitor-interval", "SECONDS", "longest sleep between checks of the workers. Default 0.1"),
                        arg(null, "kill-grace", "SECONDS", "time between TERM and KILL when stopping workers. Default 5"),
                        flag(null, "no-gpu-bind", "leave CUDA_VISIBLE_DEVICES as it is (default: one GPU per worker when the "
                                + "wrapper sees several)"))),
                new Section("Output", List.of(
                        arg(null, "log-dir", "DIR", "write each worker's output to DIR/RUN_ID/attempt_N/rank_R/{stdout,stderr}.log"),
                        arg("r", "redirects", "0|1|2|3|LR:N,...", "streams that go to the log files only (1 stdout, 2 stderr, "
                                + "3 both; per local rank as 0:1,1:2). Default with --log-dir: 3"),
                        arg("t", "tee", "0|1|2|3|LR:N,...", "streams that go to the log files and the console; needs --log-dir"),
                        arg(null, "prefix", "rank|torchrun|none", "before each console line: \"[rank 3]: \" (rank, the default), "
                                + "torchrun's \"[default1]:\" (role and local rank) or nothing"),
                        flag(null, "no-prefix", "the same as --prefix none"))),
                new Section("Master (where rank 0 listens; MASTER_PORT+1 is kept for the workers too)", List.of(
                        arg(null, "master-addr", "HOST", "MASTER_ADDR. Default: env MASTER_ADDR, else the first node of the "
                                + "SLURM step, node 0 of the rendezvous, or 127.0.0.1"),
                        arg(null, "master-port", "PORT", "MASTER_PORT. Default: env MASTER_PORT, else srun --resv-ports, else "
                                + "derived from the SLURM job and step ids (10000-24999), else a free port"))),
                new Section("Several machines without SLURM (torchrun's rendezvous flags)", List.of(
                        flag(null, "standalone", "one machine, ignore SLURM (the default outside a SLURM step)"),
                        arg(null, "nnodes", "N", "nodes in the job"),
                        arg(null, "node-rank", "K", "this node's index. Default: order of arrival at the rendezvous"),
                        arg(null, "rdzv-endpoint", "HOST[:PORT]", "rendezvous server, served by the wrapper on HOST. Default port 29400"),
                        arg(null, "rdzv-id", "ID", "job id shared by all nodes (DDPKIT_RUN_ID). Default \"none\""),
                        arg(null, "rdzv-backend", "c10d", "only c10d (the wrapper's own TCP rendezvous)"),
                        arg(null, "rdzv-timeout", "SECONDS", "give up (exit 75) when not every node arrived in time. Default 900"),
                        arg(null, "rdzv-conf", "KEY=VALUE,...", "torchrun's settings; timeout and join_timeout are understood"),
                        arg(null, "local-addr", "ADDR", "the address other nodes reach this one at (MASTER_ADDR if it is node 0)"))),
                new Section("Other", List.of(
                        flag(null, "dry-run", "print the resolved plan (mode, nodes, master, each worker's env) and exit"),
                        flag(null, "no-python", "accepted for torchrun compatibility: COMMAND always runs as given"),
                        flag("h", "help", "show this help and exit"),
                        flag(null, "version", "show the version and exit"))));
    }

    static Options visible() {
        Options o = new Options();
        for (Section s : sections()) {
            for (Option opt : s.options()) {
                o.addOption(opt);
            }
        }
        return o;
    }

    /** {@link #visible()} plus the underscore aliases; {@link #canonical} maps an alias back. */
    static Options parsing() {
        Options o = visible();
        for (Option opt : visible().getOptions()) {
            if (opt.getLongOpt() != null && opt.getLongOpt().contains("-")) {
                o.addOption(Option.builder().longOpt(opt.getLongOpt().replace('-', '_')).hasArg(opt.hasArg())
                        .argName(opt.getArgName()).desc(opt.getDescription()).get());
            }
        }
        return o;
    }

    /** The dash spelling of a long option name. */
    static String canonical(String longOpt) {
        return longOpt.replace('_', '-');
    }

    /** Option descriptions by long name, for tests that check every option is documented. */
    static Map<String, String> descriptions() {
        Map<String, String> out = new TreeMap<>();
        for (Option opt : visible().getOptions()) {
            out.put(opt.getLongOpt(), opt.getDescription());
        }
        return out;
    }

    private static Option arg(String shortName, String longName, String argName, String desc) {
        return Option.builder(shortName).longOpt(longName).hasArg().argName(argName).desc(desc).get();
    }

    private static Option flag(String shortName, String longName, String desc) {
        return Option.builder(shortName).longOpt(longName).desc(desc).get();
    }
}
