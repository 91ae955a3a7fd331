package org.ddpkit.launch.cli;

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

    static Options visible() {
        Options o = new Options();
        // workers
        o.addOption(arg(null, "nproc-per-node", "N|gpu|cpu|auto",
                "workers on this node; under srun this selects per-node mode (run srun with one task per node). Default 1"));
        o.addOption(arg(null, "role", "NAME", "name of the worker group (ROLE_NAME). Default \"default\""));
        o.addOption(arg(null, "max-restarts", "N", "restart the local worker group up to N times after a failure. Default 0"));
        o.addOption(arg(null, "monitor-interval", "SECONDS", "longest sleep between checks of the workers. Default 0.1"));
        o.addOption(arg(null, "kill-grace", "SECONDS", "time between TERM and KILL when stopping workers. Default 5"));
        o.addOption(flag(null, "no-gpu-bind", "leave CUDA_VISIBLE_DEVICES as it is (default: one GPU per worker when the wrapper sees several)"));
        // output
        o.addOption(arg(null, "log-dir", "DIR", "write each worker's output to DIR/RUN_ID/attempt_N/rank_R/{stdout,stderr}.log"));
        o.addOption(arg("r", "redirects", "0|1|2|3|LR:N,...", "streams that go to the log files only (1 stdout, 2 stderr, 3 both); needs --log-dir"));
        o.addOption(arg("t", "tee", "0|1|2|3|LR:N,...", "streams that go to the log files and the console; needs --log-dir"));
        o.addOption(flag(null, "no-prefix", "pass worker output on without the \"[rank N]: \" prefix"));
        // master
        o.addOption(arg(null, "master-addr", "HOST", "where rank 0 listens. Default: first node of the SLURM step, the rendezvous node 0, or 127.0.0.1"));
        o.addOption(arg(null, "master-port", "PORT", "rank 0's port (MASTER_PORT+1 is used too). Default: env MASTER_PORT, srun --resv-ports, else derived from the job id"));
        // several machines without SLURM
        o.addOption(flag(null, "standalone", "one machine, no SLURM (the default outside a SLURM step)"));
        o.addOption(arg(null, "nnodes", "N", "nodes in the job (rendezvous mode without SLURM)"));
        o.addOption(arg(null, "node-rank", "K", "this node's index; default: order of arrival at the rendezvous"));
        o.addOption(arg(null, "rdzv-endpoint", "HOST[:PORT]", "rendezvous server, served by the wrapper on HOST. Default port 29400"));
        o.addOption(arg(null, "rdzv-id", "ID", "job id shared by all nodes (DDPKIT_RUN_ID)"));
        o.addOption(arg(null, "rdzv-backend", "c10d", "rendezvous backend; only c10d (a small TCP server) is supported"));
        o.addOption(arg(null, "rdzv-timeout", "SECONDS", "give up (exit 75) when not every node arrived in time. Default 900"));
        o.addOption(arg(null, "rdzv-conf", "KEY=VALUE,...", "torchrun's rendezvous settings; timeout and join_timeout are understood"));
        o.addOption(arg(null, "local-addr", "ADDR", "the address other nodes reach this one at"));
        // misc
        o.addOption(flag(null, "no-python", "accepted for torchrun compatibility: COMMAND always runs as given"));
        o.addOption(flag(null, "dry-run", "print the resolved plan (mode, nodes, master, each worker's env) and exit"));
        o.addOption(flag("h", "help", "show this help"));
        o.addOption(flag(null, "version", "show the version"));
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
