package org.ddpkit.launch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.ddpkit.launch.ExitCode;
import org.ddpkit.launch.LaunchException;
import org.ddpkit.launch.config.Endpoint;
import org.ddpkit.launch.config.LaunchConfig;
import org.ddpkit.launch.config.LinePrefix;
import org.ddpkit.launch.config.NprocPerNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigParserTest {
    static LaunchConfig parse(String... args) {
        return assertInstanceOf(Invocation.Run.class, ConfigParser.parse(List.of(args))).config();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--nproc-per-node", "--nproc_per_node"})
    void acceptsBothSpellingsOfTorchrunFlags(String flag) {
        assertEquals(Optional.of(NprocPerNode.of(4)), parse(flag, "4", "--", "train").nprocPerNode());
        assertEquals(Optional.of(NprocPerNode.of(2)), parse(flag + "=2", "train").nprocPerNode());
    }

    @Test
    void underscoreSpellingsWorkForEveryDashedOption() {
        LaunchConfig c = parse("--max_restarts", "2", "--monitor_interval", "0.5", "--kill_grace", "1", "--master_addr", "h",
                "--master_port", "12000", "--node_rank", "1", "--nnodes", "2", "--rdzv_endpoint", "h:1234", "--rdzv_id", "x",
                "--rdzv_timeout", "7", "--log_dir", "/tmp/l", "--no_prefix", "--dry_run", "--", "cmd");
        assertEquals(2, c.supervision().maxRestarts());
        assertEquals(Duration.ofMillis(500), c.supervision().monitorInterval());
        assertEquals(Duration.ofSeconds(1), c.supervision().killGrace());
        assertEquals(Optional.of("h"), c.masterAddr());
        assertEquals(OptionalInt.of(12000), c.masterPort());
        assertEquals(OptionalInt.of(1), c.rendezvous().nodeRank());
        assertEquals(Optional.of(new Endpoint("h", 1234)), c.rendezvous().endpoint());
        assertEquals(Optional.of("x"), c.rendezvous().id());
        assertEquals(Duration.ofSeconds(7), c.rendezvous().timeout());
        assertEquals(Optional.of(Path.of("/tmp/l")), c.output().logDir());
        assertEquals(LinePrefix.NONE, c.output().prefix());
        assertTrue(c.dryRun());
    }

    @Test
    void theCommandStartsAfterDoubleDashOrAtTheFirstWord() {
        assertEquals(List.of("python", "train.py", "--lr", "3"), parse("--nproc-per-node", "2", "python", "train.py", "--lr", "3").command());
        assertEquals(List.of("--weird-name", "x"), parse("--", "--weird-name", "x").command());
        assertEquals(List.of("bin/ddp-example", "--", "y"), parse("--role", "trainer", "--", "bin/ddp-example", "--", "y").command());
        assertEquals("trainer", parse("--role", "trainer", "--", "x").role());
    }

    @Test
    void theTorchrunExampleParses() {
        LaunchConfig c = parse("--nnodes", "2", "--nproc-per-node", "2", "--rdzv-id", "100", "--rdzv-backend", "c10d",
                "--rdzv-endpoint", "HOST:29400", "--node-rank", "1", "train");
        assertEquals(OptionalInt.of(2), c.rendezvous().nnodes());
        assertEquals(Optional.of(new Endpoint("HOST", 29400)), c.rendezvous().endpoint());
        assertTrue(c.rendezvous().requested());
    }

    @Test
    void theLastOfARepeatedFlagWins() {
        assertEquals(Optional.of(NprocPerNode.of(3)), parse("--nproc-per-node", "2", "--nproc_per_node", "3", "x").nprocPerNode());
    }

    @Test
    void rdzvConfTimeoutIsUnderstoodAndRdzvTimeoutWins() {
        assertEquals(Duration.ofSeconds(60), parse("--rdzv-conf", "join_timeout=60,read_timeout=5", "x").rendezvous().timeout());
        assertEquals(Duration.ofSeconds(3), parse("--rdzv-conf", "timeout=60", "--rdzv-timeout", "3", "x").rendezvous().timeout());
    }

    @Test
    void logDirAloneRedirectsBothStreams() {
        LaunchConfig c = parse("--log-dir", "/tmp/x", "y");
        assertTrue(c.output().redirects().stdout(0) && c.output().redirects().stderr(5));
        LaunchConfig tee = parse("--log-dir", "/tmp/x", "-t", "0:1,1:2", "y");
        assertTrue(tee.output().tee().stdout(0));
        assertFalse(tee.output().tee().stderr(0));
        assertTrue(tee.output().tee().stderr(1));
        assertFalse(tee.output().redirects().any());
    }

    @Test
    void helpAndVersion() {
        Invocation.Help h = assertInstanceOf(Invocation.Help.class, ConfigParser.parse(List.of("--help")));
        for (String name : ConfigParser.longNames()) {
            assertTrue(h.text().contains("--" + name), "--help misses --" + name);
        }
        assertInstanceOf(Invocation.Version.class, ConfigParser.parse(List.of("--version")));
    }

    /** Bad input → exit 64 with one line naming the flag and quoting the value. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--nproc-per-node 0 x          | --nproc-per-node: must be ≥ 1, got \"0\"",
            "--nproc-per-node many x       | --nproc-per-node: want a number ≥ 1, gpu, cpu or auto, got \"many\"",
            "--nprocs-per-node 2 x         | Unrecognized option: --nprocs-per-node",
            "--nproc 2 x                   | Unrecognized option: --nproc",
            "--max-restarts -1 x           | --max-restarts: must be ≥ 0, got \"-1\"",
            "--max-restarts two x          | --max-restarts: want a whole number, got \"two\"",
            "--kill-grace soon x           | --kill-grace: want a number of seconds, got \"soon\"",
            "--monitor-interval 0 x        | --monitor-interval: must be > 0 seconds",
            "--master-port 65535 x         | --master-port: must be 1–65534 (MASTER_PORT+1 is kept for the workers too), got \"65535\"",
            "--nnodes 1:4 x                | --nnodes: elastic MIN:MAX ranges are not supported, give one number, got \"1:4\"",
            "--nnodes 0 x                  | --nnodes: must be ≥ 1, got \"0\"",
            "--nnodes 2 --node-rank 2 x    | --node-rank: must be below --nnodes 2, got \"2\"",
            "--rdzv-backend etcd x         | --rdzv-backend: only c10d",
            "--rdzv-endpoint h:port x      | --rdzv-endpoint: want HOST[:PORT], got \"h:port\"",
            "--rdzv-endpoint h:0 x         | --rdzv-endpoint: port must be 1–65535, got \"0\"",
            "--rdzv-conf last=1 x          | --rdzv-conf: unknown key \"last\"",
            "--rdzv-timeout 0 x            | --rdzv-timeout: must be > 0 seconds",
            "--prefix short x              | --prefix: want rank, torchrun or none, got \"short\"",
            "--redirects 3 x               | --redirects: needs --log-dir DIR",
            "--log-dir d --tee 4 x         | --tee: want 0 (none), 1 (stdout), 2 (stderr), 3 (both) or LOCAL_RANK:N,..., got \"4\"",
            "--standalone --nnodes 2 x     | --standalone: runs one node, but --nnodes/--rdzv-endpoint ask for several",
            "--role                        | Missing argument for option: role",
            "--nproc-per-node 2            | no COMMAND given",
            "--nproc-per-node 2 --         | no COMMAND given"})
    void badInputIsUsageNamingFlagAndValue(String args, String message) {
        LaunchException e = assertThrows(LaunchException.class, () -> ConfigParser.parse(List.of(args.trim().split(" +"))));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains(message.trim()), () -> "\"" + e.getMessage() + "\" should contain \"" + message.trim() + "\"");
        assertFalse(e.getMessage().contains("\n"), "one line");
    }
}
