package org.ddpkit.comm;

import org.ddpkit.testkit.CommandResult;
import org.ddpkit.testkit.LocalSlurm;
import org.ddpkit.testkit.ScratchDir;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bootstrap on the real local SLURM cluster: srun starts bin/srun-wrapper on node1 and node2
 * (separate network namespaces, so the ring and niodev go over TCP between two addresses), the
 * wrapper starts the ranks with the env contract, and every collective must pass with the same
 * bits on every rank.
 */
class LocalSlurmTest {

    @ParameterizedTest(name = "{0}: {1} rank(s) on each of node1 and node2")
    @CsvSource({
            "cpu, 2",   // shared memory within each node, the TCP ring between them
            "mpj, 1",   // niodev with the addresses rank 0 saw
    })
    @Timeout(180)
    void collectivesAcrossTwoNodes(String backend, int perNode) throws IOException {
        LocalSlurm slurm = LocalSlurm.require();
        ScratchDir dir = slurm.scratch("mpi-backend-" + backend);
        Path logs = dir.resolve("logs");
        List<String> cmd = new ArrayList<>(List.of("--nodes=2", "--ntasks=2", "--ntasks-per-node=1",
                "--output=" + dir.resolve("task-%t.out"), "--kill-on-bad-exit=1",
                slurm.repoRoot().resolve("bin/srun-wrapper").toString(), "--log-dir", logs.toString()));
        if (perNode > 1) {
            cmd.addAll(List.of("--nproc-per-node", Integer.toString(perNode)));
        }
        cmd.add("--");
        cmd.addAll(RankLauncher.command(CommTestWorker.class, List.of(backend, "collectives"), RankLauncher.Jvm.LEAN));
        CommandResult r = slurm.srun(dir.path(), cmd);
        List<Path> rankLogs;
        try (Stream<Path> s = Files.walk(logs)) {
            rankLogs = s.filter(p -> p.getFileName().toString().equals("stdout.log")).sorted().toList();
        }
        StringBuilder all = new StringBuilder();
        for (Path p : rankLogs) {
            all.append("--- ").append(p).append('\n').append(Files.readString(p));
        }
        assertTrue(r.ok(), r.describe() + "\n" + all);
        assertEquals(2 * perNode, rankLogs.size(), "one log per rank expected:\n" + all);
        List<String> crc0 = null;
        for (Path p : rankLogs) {
            String text = Files.readString(p);
            assertTrue(text.contains("OK barrier"), p + " did not pass every check:\n" + text);
            List<String> crcs = text.lines().filter(l -> l.startsWith("CRC ")).toList();
            if (crc0 == null) {
                crc0 = crcs;
                assertTrue(crc0.size() > 30, "too few checksums in " + p);
            } else {
                assertEquals(crc0, crcs, p + ": results differ in bits from rank 0's");
            }
        }
    }
}
