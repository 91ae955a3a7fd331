package org.ddpkit.launch.plan;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.ddpkit.launch.slurm.Hostlist;

/** The text {@code --dry-run} prints: one {@code key: value} line per fact, then each worker's variables. */
public final class PlanPrinter {
    private PlanPrinter() {}

    public static String render(LaunchPlan p, List<String> extraNotes) {
        StringBuilder out = new StringBuilder();
        NodeLayout l = p.layout();
        line(out, "mode", p.mode().label());
        line(out, "run id", p.runId());
        line(out, "role", p.role());
        line(out, "host", p.hostname() + " (group rank " + l.groupRank() + " of " + l.nodes().size() + " nodes)");
        line(out, "nodes", compressed(l.nodes()) + " = " + String.join(" ", l.nodes()));
        line(out, "world size", l.worldSize() + " (" + l.localWorldSize() + " on this node, " + p.workers().size() + " started here)");
        line(out, "master addr", p.master().addr() + " (" + p.master().addrSource() + ")");
        line(out, "master port", p.master().port() + " (" + p.master().portSource() + "; MASTER_PORT+1 = "
                + (p.master().port() + 1) + " is kept for the workers too)");
        line(out, "restart count", Integer.toString(p.restartCount()));
        line(out, "command", p.workers().isEmpty() ? "" : p.workers().getFirst().command().stream()
                .map(ModeSelector::quote).collect(Collectors.joining(" ")));
        for (String n : p.notes()) {
            line(out, "note", n);
        }
        for (String n : extraNotes) {
            line(out, "note", n);
        }
        for (WorkerSpec w : p.workers()) {
            out.append("worker rank ").append(w.rank()).append(" (local rank ").append(w.localRank()).append("):\n");
            for (Map.Entry<String, String> e : w.env().entrySet()) {
                out.append("  ").append(e.getKey()).append('=').append(e.getValue()).append('\n');
            }
        }
        return out.toString();
    }

    private static String compressed(List<String> nodes) {
        try {
            return Hostlist.compress(nodes);
        } catch (IllegalArgumentException e) {
            return String.join(",", nodes);
        }
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append(String.format("%-14s: %s%n", key, value));
    }
}
