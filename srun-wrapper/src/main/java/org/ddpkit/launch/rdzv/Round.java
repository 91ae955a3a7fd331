package org.ddpkit.launch.rdzv;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.ddpkit.launch.ExitCode;

/**
 * One rendezvous round on the server: nodes join until {@code nnodes} are in (then each gets
 * its {@link JoinReply.Assigned}) or the deadline passes (then each gets the same timeout
 * refusal naming who arrived and who did not).
 */
final class Round {
    private final int nnodes;
    private final long deadlineNanos;
    private final String what;
    private final String fallbackAddr;
    private final List<Member> members = new ArrayList<>();
    private Map<Member, JoinReply> replies;
    private JoinReply.Refused timedOut;

    /** A node in this round and the address the server saw it connect from. */
    record Member(JoinRequest request, String observedAddr) {}

    /**
     * @param what         how messages name the round: {@code rendezvous "100" at host:29400 (round 0)}
     * @param fallbackAddr MASTER_ADDR when node 0 connected over loopback and named no address
     */
    Round(int nnodes, long deadlineNanos, String what, String fallbackAddr) {
        this.nnodes = nnodes;
        this.deadlineNanos = deadlineNanos;
        this.what = what;
        this.fallbackAddr = fallbackAddr;
    }

    synchronized int size() {
        return members.size();
    }

    /** Joins and waits for the round to fill or time out. */
    synchronized JoinReply join(JoinRequest r, String observedAddr, long timeoutMillis) throws InterruptedException {
        if (timedOut != null) {
            return timedOut;
        }
        if (replies != null) {
            return new JoinReply.Refused(ExitCode.CONFIG, what + " is already complete with " + nnodes + " nodes; "
                    + r.describe() + " is one too many (check --nnodes)");
        }
        if (r.nodeRank() >= nnodes) {
            return new JoinReply.Refused(ExitCode.CONFIG, r.describe() + ": --node-rank must be below --nnodes " + nnodes);
        }
        for (Member m : members) {
            if (r.nodeRank() >= 0 && m.request().nodeRank() == r.nodeRank()) {
                return new JoinReply.Refused(ExitCode.CONFIG, what + ": node rank " + r.nodeRank() + " is taken by "
                        + m.request().describe() + "; " + r.describe() + " asked for it too (give each node its own --node-rank)");
            }
        }
        Member me = new Member(r, observedAddr);
        members.add(me);
        if (members.size() == nnodes) {
            replies = assign();
            notifyAll();
        }
        while (replies == null && timedOut == null) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                timedOut = new JoinReply.Refused(ExitCode.TEMPFAIL, timeoutMessage(timeoutMillis));
                notifyAll();
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return replies != null ? replies.get(me) : timedOut;
    }

    private Map<Member, JoinReply> assign() {
        Member[] byRank = new Member[nnodes];
        for (Member m : members) {
            if (m.request().nodeRank() >= 0) {
                byRank[m.request().nodeRank()] = m;
            }
        }
        int free = 0;
        for (Member m : members) {
            if (m.request().nodeRank() < 0) {
                while (byRank[free] != null) {
                    free++;
                }
                byRank[free] = m;
            }
        }
        List<Integer> sizes = new ArrayList<>();
        List<String> nodes = new ArrayList<>();
        for (Member m : byRank) {
            sizes.add(m.request().nproc());
            nodes.add(m.request().host());
        }
        Member zero = byRank[0];
        String addr = !zero.request().addr().equals("-") ? zero.request().addr()
                : isLoopback(zero.observedAddr()) ? fallbackAddr : zero.observedAddr();
        Map<Member, JoinReply> out = new HashMap<>();
        for (int rank = 0; rank < nnodes; rank++) {
            out.put(byRank[rank], new JoinReply.Assigned(rank, sizes, nodes, addr, zero.request().port()));
        }
        return out;
    }

    private String timeoutMessage(long timeoutMillis) {
        String arrived = members.stream().map(m -> m.request().describe()).collect(Collectors.joining(", "));
        int missing = nnodes - members.size();
        String missingText = missing + " node" + (missing == 1 ? "" : "s");
        if (members.stream().allMatch(m -> m.request().nodeRank() >= 0)) {
            TreeSet<Integer> ranks = new TreeSet<>();
            for (int i = 0; i < nnodes; i++) {
                ranks.add(i);
            }
            members.forEach(m -> ranks.remove(m.request().nodeRank()));
            missingText += " (node rank" + (ranks.size() == 1 ? " " : "s ") + ranks.stream().map(String::valueOf)
                    .collect(Collectors.joining(", ")) + ")";
        }
        return what + " timed out after " + timeoutMillis / 1000.0 + " s with " + members.size() + " of " + nnodes
                + " nodes. Arrived: " + (arrived.isEmpty() ? "none" : arrived) + ". Missing: " + missingText
                + ". Start the missing wrappers with the same --rdzv-id and --rdzv-endpoint, or raise --rdzv-timeout";
    }

    private static boolean isLoopback(String addr) {
        return addr.startsWith("127.") || addr.equals("::1") || addr.equals("0:0:0:0:0:0:0:1");
    }
}
