package org.ddpkit.launch.rdzv;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.ddpkit.launch.ExitCode;

/** The server's answer: the node's place in the job, or a refusal with an exit code. */
public sealed interface JoinReply {
    String encode();

    /**
     * @param nodeRank   this node's index
     * @param sizes      workers of each node, by node rank
     * @param nodes      host of each node, by node rank
     * @param masterAddr node 0's address
     * @param masterPort node 0's port
     */
    record Assigned(int nodeRank, List<Integer> sizes, List<String> nodes, String masterAddr, int masterPort) implements JoinReply {
        public Assigned {
            sizes = List.copyOf(sizes);
            nodes = List.copyOf(nodes);
        }

        @Override
        public String encode() {
            return "OK node_rank=" + nodeRank + " nnodes=" + nodes.size() + " sizes="
                    + String.join(",", sizes.stream().map(String::valueOf).toList()) + " nodes=" + String.join(",", nodes)
                    + " master_addr=" + masterAddr + " master_port=" + masterPort;
        }
    }

    /** The rendezvous refused this node or gave up; {@code message} says why. */
    record Refused(ExitCode code, String message) implements JoinReply {
        @Override
        public String encode() {
            return "ERROR code=" + code.code() + " " + message.replace('\n', ' ');
        }
    }

    /** Parses a reply line; IllegalArgumentException when it is not one. */
    static JoinReply parse(String line) {
        if (line != null && line.startsWith("ERROR code=")) {
            String rest = line.substring("ERROR code=".length());
            int sp = rest.indexOf(' ');
            int code = Integer.parseInt(sp < 0 ? rest : rest.substring(0, sp));
            ExitCode ec = Arrays.stream(ExitCode.values()).filter(c -> c.code() == code).findFirst().orElse(ExitCode.SOFTWARE);
            return new Refused(ec, sp < 0 ? "" : rest.substring(sp + 1));
        }
        if (line == null || !line.startsWith("OK ")) {
            throw new IllegalArgumentException("not a rendezvous reply: \"" + line + "\"");
        }
        Map<String, String> kv = JoinRequest.fields(line.substring(3));
        try {
            List<Integer> sizes = Arrays.stream(JoinRequest.need(kv, "sizes").split(",")).map(Integer::valueOf).toList();
            List<String> nodes = List.of(JoinRequest.need(kv, "nodes").split(","));
            return new Assigned(Integer.parseInt(JoinRequest.need(kv, "node_rank")), sizes, nodes,
                    JoinRequest.need(kv, "master_addr"), Integer.parseInt(JoinRequest.need(kv, "master_port")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number in \"" + line + "\"");
        }
    }
}
