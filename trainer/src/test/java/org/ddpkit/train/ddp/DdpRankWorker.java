package org.ddpkit.train.ddp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.ddpkit.comm.CommException;
import org.ddpkit.comm.DistEnv;
import org.ddpkit.comm.GroupOptions;
import org.ddpkit.comm.ProcessGroup;
import org.ddpkit.comm.ProcessGroups;
import org.ddpkit.train.checkpoint.StateDictFile;

/**
 * One rank of {@link DdpEquivalenceTest}: reads the env contract, joins with the cpu backend and
 * runs the named {@link DdpScenario}s in turn, saving each one's final parameters (its DDP state
 * dict) to {@code OUT_DIR/<scenario>-rank<R>.safetensors}. Arguments:
 * {@code OUT_DIR STEPS BATCH SCENARIO...}; or
 * {@code mismatch}: rank 0 wraps a ToyModel, the others a CNN, and each prints the wrapper's
 * refusal as {@code REFUSED message} and exits 3.
 */
public final class DdpRankWorker {
    private DdpRankWorker() {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("mismatch")) {
            mismatch();
            return;
        }
        Path out = Path.of(args[0]);
        int steps = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        GroupOptions opts = GroupOptions.defaults().withBootstrapTimeout(Duration.ofSeconds(60)).withTimeout(Duration.ofSeconds(60));
        int code = 0;
        try (ProcessGroup group = ProcessGroups.init(DistEnv.fromEnv(System.getenv()), "cpu", opts)) {
            for (String name : java.util.Arrays.asList(args).subList(3, args.length)) {
                DdpScenario s = DdpScenario.valueOf(name);
                try (DistributedDataParallel ddp = s.trainDistributed(group, steps, batch)) {
                    StateDictFile.save(out.resolve(s.label() + "-rank" + group.rank() + ".safetensors"), ddp.stateDict(), Map.of());
                }
                System.out.println("DONE " + s.label());
            }
        } catch (CommException e) {
            System.out.println("ERROR " + e.getMessage());
            code = e.exitCode();
        }
        System.out.flush();
        System.exit(code);
    }

    private static void mismatch() {
        int code = 0;
        try (ProcessGroup group = ProcessGroups.init(DistEnv.fromEnv(System.getenv()), "cpu",
                GroupOptions.defaults().withBootstrapTimeout(Duration.ofSeconds(60)).withTimeout(Duration.ofSeconds(60)))) {
            DdpScenario s = group.rank() == 0 ? DdpScenario.TOY : DdpScenario.CNN;
            try (DistributedDataParallel ddp = new DistributedDataParallel(s.model(group.rank()), group)) {
                System.out.println("ACCEPTED");
            } catch (IllegalStateException e) {
                System.out.println("REFUSED " + e.getMessage());
                code = 3;
            }
        }
        System.out.flush();
        System.exit(code);
    }
}
