package org.ddpkit.jobgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every validation rule, one row each: the arguments, the exit status, and the exact one-line
 * message on stderr (a message ending in "..." is matched as a prefix). Nothing may reach stdout.
 */
class ValidationTest {
    private static final String CMD = "train";

    static Stream<Arguments> badInput() {
        return Stream.of(
                // numbers
                bad("--nodes: must be >= 1, got \"0\"", "--nodes", "0"),
                bad("--nodes: must be >= 1, got \"-3\"", "--nodes", "-3"),
                bad("--nodes: \"two\" is not a whole number", "--nodes", "two"),
                bad("--nodes: \"99999999999\" is not a whole number", "--nodes=99999999999"),
                bad("--gpus: must be >= 0, got \"-1\"", "--gpus", "-1"),
                bad("--ntasks-per-node: must be >= 1, got \"0\"", "--ntasks-per-node", "0"),
                bad("--cpus-per-task: must be >= 1, got \"0\"", "--cpus-per-task", "0"),
                bad("--cpus-per-task: \"1.5\" is not a whole number", "--cpus-per-task", "1.5"),
                bad("--nproc-per-node: must be >= 1, got \"0\"", "--launch-mode", "per-node", "--nproc-per-node", "0"),
                bad("--mem: \"16GB\" is not a SLURM memory size (a whole number with an optional unit K, M, G or T, e.g. 16G)", "--mem", "16GB"),
                bad("--mem: \"-1\" is not a SLURM memory size (a whole number with an optional unit K, M, G or T, e.g. 16G)", "--mem=-1"),
                // time
                bad("--time: \"1:99:00\" is not a SLURM time (minutes must be < 60)", "--time", "1:99:00"),
                bad("--time: \"10:60\" is not a SLURM time (seconds must be < 60)", "--time", "10:60"),
                bad("--time: \"1:00:75\" is not a SLURM time (seconds must be < 60)", "--time", "1:00:75"),
                bad("--time: \"1-24\" is not a SLURM time (hours must be < 24 when days are given)", "--time", "1-24"),
                bad("--time: \"1-2:60\" is not a SLURM time (minutes must be < 60)", "--time", "1-2:60"),
                bad("--time: \"1-2:3:60\" is not a SLURM time (seconds must be < 60)", "--time", "1-2:3:60"),
                bad("--time: \"1:2:3:4\" is not a SLURM time (use M, M:S, H:M:S, D-H, D-H:M or D-H:M:S)", "--time", "1:2:3:4"),
                bad("--time: \"1h\" is not a SLURM time (use M, M:S, H:M:S, D-H, D-H:M or D-H:M:S)", "--time", "1h"),
                bad("--time: \"\" is not a SLURM time (use M, M:S, H:M:S, D-H, D-H:M or D-H:M:S)", "--time="),
                bad("--time: \"1-\" is not a SLURM time (use M, M:S, H:M:S, D-H, D-H:M or D-H:M:S)", "--time", "1-"),
                bad("--time: \"99999999999\" is not a SLURM time (too large)", "--time", "99999999999"),
                // names and free text in #SBATCH lines
                bad("--partition: \"gpu a100\" contains whitespace", "--partition", "gpu a100"),
                bad("--account: \"\" is empty", "--account="),
                bad("--qos: \"hi\\\"gh\" contains \", which an #SBATCH line cannot carry", "--qos", "hi\"gh"),
                bad("--constraint: \"a100\\nb\" contains a control character (a newline?)", "--constraint", "a100\nb"),
                bad("--job-name: \"a\\\\b\" contains \\, which an #SBATCH line cannot carry", "--job-name", "a\\b"),
                bad("--mail-user: \"me at example.org\" contains whitespace", "--mail-user", "me at example.org"),
                // output / error patterns
                bad("--output: \"log-%q.out\" has unknown symbol \"%q\" (use %j %x %A %a %N %n %s %t %u %J, or %% for %)", "--output", "log-%q.out"),
                bad("--output: \"log-%3q.out\" has unknown symbol \"%3q\" (use %j %x %A %a %N %n %s %t %u %J, or %% for %)", "--output", "log-%3q.out"),
                bad("--error: \"err%\" ends with an unfinished % symbol (use %j %x %A %a %N %n %s %t %u %J, or %% for %)", "--error", "err%"),
                bad("--error: \"err%12\" ends with an unfinished % symbol (use %j %x %A %a %N %n %s %t %u %J, or %% for %)", "--error", "err%12"),
                bad("--output: \"a\\\\%j\" contains \\, which an #SBATCH line cannot carry", "--output", "a\\%j"),
                // arrays
                bad("--array: \"5-1\" is not a SLURM array: range \"5-1\" ends before it starts", "--array", "5-1"),
                bad("--array: \"0-15:0\" is not a SLURM array: the step in \"0-15:0\" must be >= 1", "--array", "0-15:0"),
                bad("--array: \"0-15%0\" is not a SLURM array: the limit after % must be >= 1", "--array", "0-15%0"),
                bad("--array: \"0-15%x\" is not a SLURM array: the limit after % must be a whole number (use indexes and ranges like 0-15, 1,3,5 or 0-15:2%4)", "--array", "0-15%x"),
                bad("--array: \"a-b\" is not a SLURM array: \"a-b\" is not an index or range (use indexes and ranges like 0-15, 1,3,5 or 0-15:2%4)", "--array", "a-b"),
                bad("--array: \"1,,3\" is not a SLURM array: \"\" is not an index or range (use indexes and ranges like 0-15, 1,3,5 or 0-15:2%4)", "--array", "1,,3"),
                bad("--array: \"%4\" is not a SLURM array: no indexes (use indexes and ranges like 0-15, 1,3,5 or 0-15:2%4)", "--array", "%4"),
                bad("--array: \"-3\" is not a SLURM array: \"-3\" is not an index or range (use indexes and ranges like 0-15, 1,3,5 or 0-15:2%4)", "--array=-3"),
                // dependencies
                bad("--dependency: \"afterok:1,afterany:2?afterok:3\" mixes ',' (all must hold) and '?' (any may hold); SLURM takes only one kind of separator", "--dependency", "afterok:1,afterany:2?afterok:3"),
                bad("--dependency: \"afterfoo:1\" has unknown type \"afterfoo\" (one of after, afterany, afterburstbuffer, aftercorr, afternotok, afterok, singleton)", "--dependency", "afterfoo:1"),
                bad("--dependency: \"afterok\" has afterok without a job id (e.g. afterok:123)", "--dependency", "afterok"),
                bad("--dependency: \"afterok:abc\" has \"abc\" where a job id belongs (a number or JOB_TASK)", "--dependency", "afterok:abc"),
                bad("--dependency: \"afterany:1+5\" has \"1+5\" where a job id belongs (a number or JOB_TASK)", "--dependency", "afterany:1+5"),
                bad("--dependency: \"after:1+x\" has \"1+x\" where a job id belongs (a number, JOB_TASK, optionally +MINUTES)", "--dependency", "after:1+x"),
                bad("--dependency: \"singleton:4\" gives job ids to singleton, which takes none", "--dependency", "singleton:4"),
                bad("--dependency: \"afterok:1,\" has an empty condition (e.g. afterok:123,singleton)", "--dependency", "afterok:1,"),
                // mail
                bad("--mail-type: \"BEGINN\" has unknown mail type \"BEGINN\" (one of NONE, BEGIN, END, FAIL, REQUEUE, ALL, INVALID_DEPEND, STAGE_OUT, TIME_LIMIT, TIME_LIMIT_90, TIME_LIMIT_80, TIME_LIMIT_50, ARRAY_TASKS)", "--mail-type", "BEGINN"),
                bad("--mail-type: \"NONE,END\" combines NONE with other mail types", "--mail-type", "NONE,END"),
                // signal
                bad("--signal: \"USR3\" names unknown signal \"USR3\" (e.g. USR1, USR2, TERM, INT, HUP)", "--signal", "USR3"),
                bad("--signal: \"B:USR2@70000\" has a time outside 0-65535 seconds", "--signal", "B:USR2@70000"),
                bad("--signal: \"KILL@60\" cannot be caught, so it gives no notice; use USR2, USR1 or TERM", "--signal", "KILL@60"),
                bad("--signal: \"SIGSTOP\" cannot be caught, so it gives no notice; use USR2, USR1 or TERM", "--signal", "SIGSTOP"),
                bad("--signal: \"99\" names signal number 99, which is not 1-31", "--signal", "99"),
                bad("--signal: \"X:USR1\" is not a SLURM signal (use [B:|R:]SIG[@SECONDS], e.g. USR2@90)", "--signal", "X:USR1"),
                bad("--signal: \"USR1@\" is not a SLURM signal (use [B:|R:]SIG[@SECONDS], e.g. USR2@90)", "--signal", "USR1@"),
                // requeue
                bad("--requeue-mode: \"requeue\" is not a requeue mode (scontrol or resubmit)", "--requeue", "--requeue-mode", "requeue"),
                bad("--requeue-mode: \"resubmit\" needs --requeue; add --requeue", "--requeue-mode", "resubmit"),
                bad("--max-requeues: \"3\" needs --requeue; add --requeue", "--max-requeues", "3"),
                bad("--max-requeues: must be >= 0, got \"-1\"", "--requeue", "--max-requeues", "-1"),
                bad("--max-requeues: must be <= 10000, got \"10001\"", "--requeue", "--max-requeues", "10001"),
                bad("--max-requeues: \"many\" is not a whole number", "--requeue", "--max-requeues", "many"),
                bad("--max-requeues: needs a value (N)", "--requeue", "--max-requeues"),
                bad("--requeue-mode: \"resubmit\" cannot run one task of --array again (sbatch would submit the whole array); use --requeue-mode scontrol, or drop --array",
                        "--requeue", "--requeue-mode", "resubmit", "--array", "0-3"),
                // environment
                bad("--module: \"cuda 12\" is not a module name (no spaces or control characters; give one module per --module)", "--module", "cuda 12"),
                bad("--env: \"FOO\" is not KEY=VALUE", "--env", "FOO"),
                bad("--env: \"=x\" is not KEY=VALUE", "--env", "=x"),
                bad("--env: \"1X=2\" does not start with a variable name (letters, digits and _, not starting with a digit)", "--env", "1X=2"),
                bad("--env: \"A-B=2\" does not start with a variable name (letters, digits and _, not starting with a digit)", "--env", "A-B=2"),
                bad("--setup: \"cd /x\\nmake\" spans several lines; give one line per --setup", "--setup", "cd /x\nmake"),
                bad("--setup: \" \" is empty", "--setup", " "),
                // launch
                bad("--launch-mode: \"per-gpu\" is not a launch mode (per-task or per-node)", "--launch-mode", "per-gpu"),
                bad("--ntasks-per-node: \"3\" does not match --gpus 2: per-task mode runs one task per GPU; drop --ntasks-per-node (it follows --gpus), or use --launch-mode per-node",
                        "--gpus", "2", "--ntasks-per-node", "3"),
                bad("--nproc-per-node: \"2\" needs --launch-mode per-node; in per-task mode srun starts one worker per task (set --ntasks-per-node, or add --launch-mode per-node)",
                        "--nproc-per-node", "2"),
                bad("--ntasks-per-node: \"2\" with --launch-mode per-node would start 2 wrappers per node; use --nproc-per-node 2 instead",
                        "--launch-mode", "per-node", "--ntasks-per-node", "2"),
                bad("--nproc-per-node: \"4\" is more workers than --gpus 2 and each worker needs its own GPU; use --nproc-per-node 2 or --gpus 4",
                        "--launch-mode", "per-node", "--gpus", "2", "--nproc-per-node", "4"),
                bad("--wrapper: \"\" is not a usable path", "--wrapper="),
                // --set
                bad("--set: \"1a=b\" does not start with a variable name (letters, digits and _, not starting with a digit)", "--set", "1a=b"),
                bad("--set: \"reservation\" is not KEY=VALUE", "--set", "reservation"),
                bad("--set: \"r=a\\nb\" contains a control character", "--set", "r=a\nb"),
                // salloc template: batch-only options
                bad("--array: salloc has no job arrays; drop it, or use --template sbatch", "--template", "salloc", "--array", "1-3"),
                bad("--output: salloc writes to the terminal, not to files; drop it, or use --template sbatch", "--template", "salloc", "--output", "x.out"),
                bad("--requeue: salloc allocations cannot be requeued; drop it, or use --template sbatch", "--template", "salloc", "--requeue"),
                bad("--signal: \"B:USR2@90\" signals a batch shell, which salloc does not have; drop B:", "--template", "salloc", "--signal", "B:USR2@90"),
                bad("--submit: the salloc template is run with bash, not submitted; drop --submit, or drop --template salloc", "--template", "salloc", "--submit"),
                // the command line itself
                bad("unknown option --nodez; did you mean --nodes? (jobgen --help lists the options)", "--nodez", "2"),
                bad("unknown option --frobnicate (jobgen --help lists the options)", "--frobnicate"),
                bad("--nodes: needs a value (N)", "--nodes"),
                bad("--exclusive: \"yes\" is a value, but --exclusive is a switch that takes none", "--exclusive=yes"),
                bad("option --n is ambiguous: it could be --nodes, --ntasks-per-node, --nproc-per-node", "--n", "2"),
                bad("unexpected argument \"train.py\" before --; the command goes after --: jobgen [OPTIONS] -- COMMAND [ARGS...]", "--nodes", "2", "train.py"),
                row(64, "no command to run: put it after --, e.g. jobgen --nodes 2 --gpus 2 -- bin/ddp-example elastic-ddp-cnn", "--nodes", "2"),
                row(64, "no command to run: put it after --, e.g. jobgen --nodes 2 --gpus 2 -- bin/ddp-example elastic-ddp-cnn", "--nodes", "2", "--"),
                // templates: exit 65
                row(65, "--template: no template named \"nosuch\" in ...", "--template", "nosuch", "--", CMD),
                row(65, "/nonexistent/site.mustache: no such template file (--template)", "--template", "/nonexistent/site.mustache", "--", CMD),
                row(65, "--template: \"bad name!\" is neither a template name nor a file path", "--template", "bad name!", "--", CMD));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badInput")
    void refusesWithOneLineNamingFlagAndValue(List<String> args, int code, String message) {
        Outcome o = Outcome.run(Outcome.ENV, args);
        assertEquals(code, o.code(), o::describe);
        assertEquals("", o.out(), "nothing on stdout when refusing");
        String err = o.err();
        assertTrue(err.endsWith("\n") && err.indexOf('\n') == err.length() - 1, () -> "one line on stderr: " + err);
        String line = err.strip();
        if (message.endsWith("...")) {
            String prefix = "jobgen: " + message.substring(0, message.length() - 3);
            assertTrue(line.startsWith(prefix), () -> "expected a line starting with\n  " + prefix + "\ngot\n  " + line);
        } else {
            assertEquals("jobgen: " + message, line);
        }
    }

    /** A usage error (64); {@code -- train} is appended. */
    private static Arguments bad(String message, String... options) {
        List<String> args = new ArrayList<>(Arrays.asList(options));
        args.add("--");
        args.add(CMD);
        return Arguments.of(args, 64, message);
    }

    private static Arguments row(int code, String message, String... args) {
        return Arguments.of(List.of(args), code, message);
    }
}
