package org.ddpkit.launch.rdzv;

import java.util.HashMap;
import java.util.Map;

/**
 * What a node tells the rendezvous server.
 *
 * @param runId    --rdzv-id; every node must give the same
 * @param round    the restart count: each attempt meets in its own round
 * @param nnodes   --nnodes; every node must give the same
 * @param nodeRank --node-rank, or -1 to be given one in order of arrival
 * @param nproc    workers this node starts
 * @param host     this node's host name
 * @param addr     the address to use as MASTER_ADDR should this node be node 0, or "-" for the
 *                 address the server sees it connect from
 * @param port     the MASTER_PORT to use should this node be node 0 (free there, with port+1)
 * @param pid      the wrapper's pid, to tell nodes apart in messages
 */
public record JoinRequest(String runId, int round, int nnodes, int nodeRank, int nproc, String host, String addr, int port, long pid) {
    public static final int VERSION = 1;

    public String encode() {
        return "JOIN v=" + VERSION + " run=" + runId + " round=" + round + " nnodes=" + nnodes + " node_rank=" + nodeRank
                + " nproc=" + nproc + " host=" + host + " addr=" + addr + " port=" + port + " pid=" + pid;
    }

    /** Parses a JOIN line; IllegalArgumentException saying what is wrong otherwise. */
    public static JoinRequest parse(String line) {
        if (line == null || !line.startsWith("JOIN ")) {
            throw new IllegalArgumentException("not a JOIN line: \"" + line + "\"");
        }
        Map<String, String> kv = fields(line.substring(5));
        if (!Integer.toString(VERSION).equals(kv.get("v"))) {
            throw new IllegalArgumentException("protocol version " + kv.get("v") + ", this server speaks " + VERSION);
        }
        try {
            return new JoinRequest(need(kv, "run"), Integer.parseInt(need(kv, "round")), Integer.parseInt(need(kv, "nnodes")),
                    Integer.parseInt(need(kv, "node_rank")), Integer.parseInt(need(kv, "nproc")), need(kv, "host"),
                    need(kv, "addr"), Integer.parseInt(need(kv, "port")), Long.parseLong(need(kv, "pid")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number in \"" + line + "\"");
        }
    }

    /** How messages name this node: {@code hostA (pid 123, node rank 0)}. */
    public String describe() {
        return host + " (pid " + pid + ", " + (nodeRank >= 0 ? "node rank " + nodeRank : "no --node-rank") + ")";
    }

    static Map<String, String> fields(String text) {
        Map<String, String> kv = new HashMap<>();
        for (String word : text.trim().split(" +")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                kv.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return kv;
    }

    static String need(Map<String, String> kv, String key) {
        String v = kv.get(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("missing " + key + "=");
        }
        return v;
    }
}
