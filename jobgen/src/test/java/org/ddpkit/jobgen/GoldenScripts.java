package org.ddpkit.jobgen;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The jobgen command lines whose scripts are kept as golden files under src/test/resources/golden/. */
final class GoldenScripts {
    private GoldenScripts() {}

    /** Golden file name (without .sh) → jobgen arguments. */
    static final Map<String, List<String>> CASES = cases();

    private static Map<String, List<String>> cases() {
        Map<String, List<String>> c = new LinkedHashMap<>();
        c.put("canonical", List.of("--nodes", "2", "--gpus", "2", "--", "bin/ddp-example", "elastic-ddp-cnn"));
        c.put("cpu-defaults", List.of("--", "bin/ddp-example", "basic-use-case"));
        c.put("cpu-tasks", List.of("--nodes", "3", "--ntasks-per-node", "4", "--cpus-per-task", "2", "--mem", "8g",
                "--", "bin/ddp-example", "elastic-ddp"));
        c.put("per-node", List.of("--nodes", "2", "--gpus", "4", "--launch-mode", "per-node", "--cpus-per-task", "16",
                "--", "bin/ddp-example", "elastic-ddp-cnn"));
        c.put("per-node-cpu", List.of("--nodes", "2", "--launch-mode=per-node", "--nproc-per-node=3",
                "--", "bin/ddp-example", "elastic-ddp"));
        c.put("everything", List.of("--nodes", "4", "--gpus", "8", "--cpus-per-task", "6", "--mem", "0",
                "--time", "2-12:30:00", "--partition", "gpu,gpu-long", "--account", "proj42", "--qos", "high",
                "--constraint", "a100|h100", "--job-name", "cnn sweep #3", "--output", "logs/%x-%A_%a.out",
                "--error", "logs/%x-%A_%a.err", "--array", "0-15:2%4", "--dependency", "afterok:123:456,singleton",
                "--mail-type", "end,fail", "--mail-user", "me@example.org", "--exclusive", "--requeue",
                "--signal", "USR1@120", "--module", "cuda/12.6", "--module", "nccl/2.21", "--env", "NCCL_DEBUG=INFO",
                "--env", "DATA=/scratch/$USER/data set", "--setup", "source ~/venv/bin/activate", "--setup", "cd \"$SLURM_SUBMIT_DIR\"",
                "--wrapper", "/opt/ddpkit/bin/srun-wrapper",
                "--", "bin/ddp-example", "elastic-ddp-cnn", "--epochs", "10", "--lr", "0.01"));
        c.put("batch-signal", List.of("--nodes", "2", "--gpus", "2", "--signal", "B:USR2@300", "--requeue", "--time", "4:00:00",
                "--", "bin/ddp-example", "elastic-ddp-cnn"));
        c.put("requeue", List.of("--nodes", "2", "--gpus", "2", "--requeue", "--time", "1-0",
                "--", "bin/ddp-example", "elastic-ddp-cnn", "--snapshot", "ckpt", "--save-every", "100"));
        c.put("requeue-resubmit", List.of("--nodes", "2", "--requeue", "--requeue-mode", "resubmit", "--max-requeues", "3",
                "--signal", "USR1@120", "--module", "cuda/12.6", "--setup", "cd \"$SLURM_SUBMIT_DIR\"",
                "--", "bin/ddp-example", "elastic-ddp-cnn", "--snapshot", "ckpt"));
        c.put("quoting", List.of("--job-name", "it's \"fine\"".replace("\"", ""), "--env", "MSG=it's $x `y` \"z\"",
                "--wrapper", "/opt/dd pkit/bin/srun-wrapper",
                "--", "python3", "-c", "print('hello world')", "$HOME", "a\"b", "back\\slash", "", "new\nline"));
        c.put("salloc", List.of("--template", "salloc", "--nodes", "2", "--gpus", "2", "--time", "30", "--partition", "debug",
                "--module", "cuda/12.6", "--env", "OMP_NUM_THREADS=4", "--setup", "ulimit -n 4096",
                "--", "bin/ddp-example", "elastic-ddp-cnn"));
        return c;
    }
}
