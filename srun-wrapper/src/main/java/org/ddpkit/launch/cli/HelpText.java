package org.ddpkit.launch.cli;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.cli.Option;

/** srun-wrapper's {@code --help}, made from the option table: one section per heading, descriptions wrapped. */
final class HelpText {
    static final int WIDTH = 100;
    static final int COLUMN = 34;

    private HelpText() {}

    static String render() {
        StringBuilder out = new StringBuilder();
        out.append("usage: srun-wrapper [options] [--] COMMAND [ARGS...]\n\n");
        wrap(out, "Starts training workers with RANK, LOCAL_RANK, WORLD_SIZE, LOCAL_WORLD_SIZE, GROUP_RANK, MASTER_ADDR, "
                + "MASTER_PORT, DDPKIT_RESTART_COUNT and DDPKIT_RUN_ID set, and supervises them. Under srun: one wrapper per "
                + "task (per-task mode), or one per node with --nproc-per-node (per-node mode). Without SLURM: one machine "
                + "(standalone, the default), or several with --nnodes and --rdzv-endpoint. Options with dashes are also "
                + "accepted with underscores (--nproc_per_node).", 0);
        for (WrapperOptions.Section s : WrapperOptions.sections()) {
            out.append('\n').append(s.title()).append(":\n");
            for (Option o : s.options()) {
                String left = "  " + (o.getOpt() != null ? "-" + o.getOpt() + ", " : "") + "--" + o.getLongOpt()
                        + (o.hasArg() ? " " + o.getArgName() : "");
                if (left.length() < COLUMN - 1) {
                    out.append(left).append(" ".repeat(COLUMN - left.length()));
                    wrapRest(out, o.getDescription());
                } else {
                    out.append(left).append('\n').append(" ".repeat(COLUMN));
                    wrapRest(out, o.getDescription());
                }
            }
        }
        out.append('\n');
        wrap(out, "Exit codes: 0 ok, 64 usage, 69 missing service, 70 internal error, 75 rendezvous timeout or the workers' "
                + "75 after a preemption notice (stopped early: run again), 78 bad configuration (a busy MASTER_PORT, an unresolvable "
                + "master or rendezvous host); when a worker fails, its exit code, or 128+N for a worker killed by signal N. "
                + "See docs/srun-wrapper.md.", 0);
        return out.toString();
    }

    /** Wraps {@code text} from the description column, the first line already indented. */
    private static void wrapRest(StringBuilder out, String text) {
        List<String> lines = lines(text, WIDTH - COLUMN);
        for (int i = 0; i < lines.size(); i++) {
            out.append(i == 0 ? "" : " ".repeat(COLUMN)).append(lines.get(i)).append('\n');
        }
    }

    private static void wrap(StringBuilder out, String text, int indent) {
        for (String l : lines(text, WIDTH - indent)) {
            out.append(" ".repeat(indent)).append(l).append('\n');
        }
    }

    private static List<String> lines(String text, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                out.add(line.toString());
                line.setLength(0);
            }
            line.append(line.isEmpty() ? "" : " ").append(word);
        }
        if (!line.isEmpty()) {
            out.add(line.toString());
        }
        return out;
    }
}
