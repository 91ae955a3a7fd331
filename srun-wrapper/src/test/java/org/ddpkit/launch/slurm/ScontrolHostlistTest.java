package org.ddpkit.launch.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.ddpkit.testkit.Requirements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks {@link Hostlist} against the real {@code scontrol show hostnames} and {@code scontrol
 * show hostlist} of Debian's slurm-wlm, on the same tables as {@link HostlistTest}. These two
 * subcommands need a slurm.conf to read but no running controller, so a two-line file will do.
 */
@Timeout(60)
class ScontrolHostlistTest {
    @TempDir
    static Path dir;
    static Path conf;

    @BeforeAll
    static void writeConf() throws IOException {
        boolean installed = Files.isExecutable(Path.of("/usr/bin/scontrol"));
        Requirements.require(installed, "scontrol is not installed (Debian package slurm-client or slurm-wlm)");
        conf = Files.writeString(dir.resolve("slurm.conf"), "ClusterName=hostlist-check\nSlurmctldHost=localhost\n");
    }

    @ParameterizedTest(name = "hostnames {0}")
    @MethodSource("org.ddpkit.launch.slurm.HostlistTest#expansions")
    void expansionMatchesScontrol(String hostlist, String ignored) throws Exception {
        assertEquals(scontrol("hostnames", hostlist), Hostlist.expand(hostlist));
    }

    @ParameterizedTest(name = "rejects {0}")
    @MethodSource("org.ddpkit.launch.slurm.HostlistTest#rejections")
    void scontrolRejectsWhatWeReject(String hostlist, String ignored) throws Exception {
        List<String> out = scontrol("hostnames", hostlist);
        assertTrue(String.join("\n", out).contains("Invalid hostlist"), () -> "scontrol accepted " + hostlist + ": " + out);
        assertThrows(IllegalArgumentException.class, () -> Hostlist.expand(hostlist));
    }

    @ParameterizedTest(name = "hostlist {0}")
    @MethodSource("org.ddpkit.launch.slurm.HostlistTest#compressions")
    void compressionMatchesScontrol(String hosts, String ignored) throws Exception {
        assertEquals(scontrol("hostlist", hosts), List.of(Hostlist.compress(List.of(hosts.split(",")))));
    }

    private static List<String> scontrol(String what, String arg) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("scontrol", "show", what, arg).redirectErrorStream(true);
        pb.environment().put("SLURM_CONF", conf.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "scontrol hung");
        return out.lines().filter(l -> !l.isBlank()).toList();
    }
}
