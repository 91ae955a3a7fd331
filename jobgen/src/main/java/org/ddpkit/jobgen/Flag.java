package org.ddpkit.jobgen;

/**
 * Every jobgen option: its long name, its argument's name (null for a switch), its help text,
 * its default as shown in {@code --help}, whether it may be given several times, and the help
 * section it belongs to. The Commons CLI options and the help text are both made from this table.
 */
enum Flag {
    NODES("nodes", "N", "nodes to allocate", "1", false, Section.RESOURCES),
    GPUS("gpus", "N", "GPUs per node (requested with --gpus-per-node)", "0", false, Section.RESOURCES),
    NTASKS_PER_NODE("ntasks-per-node", "N", "srun tasks per node", "one per GPU, else 1; 1 in per-node mode", false, Section.RESOURCES),
    CPUS_PER_TASK("cpus-per-task", "N", "CPUs per srun task", "SLURM's", false, Section.RESOURCES),
    MEM("mem", "SIZE", "memory per node: a number with K, M, G or T; 0 = all", "SLURM's", false, Section.RESOURCES),

    TIME("time", "TIME", "time limit: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S or UNLIMITED", "the partition's", false, Section.SCHEDULING),
    PARTITION("partition", "NAME", "partition (a comma list is allowed)", "the cluster's default", false, Section.SCHEDULING),
    ACCOUNT("account", "NAME", "account to charge", "your default", false, Section.SCHEDULING),
    QOS("qos", "NAME", "quality of service", "your default", false, Section.SCHEDULING),
    CONSTRAINT("constraint", "EXPR", "node features, e.g. a100|h100", "none", false, Section.SCHEDULING),
    JOB_NAME("job-name", "NAME", "job name", "the command's file name", false, Section.SCHEDULING),
    OUTPUT("output", "PATTERN", "stdout file; %j job id, %x job name, %A array job id, %a array index", "slurm-%j.out", false, Section.SCHEDULING),
    ERROR("error", "PATTERN", "stderr file, same symbols as --output", "with stdout", false, Section.SCHEDULING),
    ARRAY("array", "INDEXES", "job array: 0-15, 1,3,5, 0-15:2%4 (step 2, at most 4 at once)", "none", false, Section.SCHEDULING),
    DEPENDENCY("dependency", "DEPS", "afterok:123:456, afterany:7?afternotok:8, singleton, ...", "none", false, Section.SCHEDULING),
    MAIL_TYPE("mail-type", "TYPES", "mail on: NONE BEGIN END FAIL REQUEUE ALL INVALID_DEPEND STAGE_OUT TIME_LIMIT[_90|_80|_50] ARRAY_TASKS (comma list)", "none", false, Section.SCHEDULING),
    MAIL_USER("mail-user", "ADDRESS", "who gets the mail", "you", false, Section.SCHEDULING),
    EXCLUSIVE("exclusive", null, "do not share nodes with other jobs", "off", false, Section.SCHEDULING),
    SIGNAL("signal", "[B:|R:]SIG[@SECONDS]", "notice signal before the time limit; B: signals only the batch shell (the script forwards it to srun)", "USR2@90; B:USR2@90 with --requeue", false, Section.SCHEDULING),
    REQUEUE("requeue", null, "run the job again when its step stops early (status 75, or the notice reached the batch shell), and let SLURM requeue it after preemption or node failure", "off", false, Section.SCHEDULING),
    REQUEUE_MODE("requeue-mode", "MODE", "with --requeue: scontrol (scontrol requeue the job) or resubmit (sbatch the script again, --dependency=afterany on this job)", "scontrol", false, Section.SCHEDULING),
    MAX_REQUEUES("max-requeues", "N", "with --requeue: run the job again at most N times", "10", false, Section.SCHEDULING),

    MODULE("module", "NAME", "run 'module load NAME' (repeatable)", "none", true, Section.ENVIRONMENT),
    ENV("env", "KEY=VALUE", "export KEY=VALUE, VALUE taken literally (repeatable)", "none", true, Section.ENVIRONMENT),
    SETUP("setup", "CMD", "a shell line run before srun, as written (repeatable)", "none", true, Section.ENVIRONMENT),

    LAUNCH_MODE("launch-mode", "MODE", "per-task: one srun task per GPU (or per --ntasks-per-node), each running the wrapper; per-node: one task per node, the wrapper starting --nproc-per-node workers", "per-task", false, Section.LAUNCH),
    NPROC_PER_NODE("nproc-per-node", "N", "workers per node in per-node mode", "--gpus, else 1", false, Section.LAUNCH),
    WRAPPER("wrapper", "PATH", "the srun-wrapper to run under srun", null, false, Section.LAUNCH),

    TEMPLATE("template", "NAME|FILE", "template name (searched in $JOBGEN_TEMPLATE_PATH, /etc/ddpkit/templates, built-ins) or file", "sbatch", false, Section.TEMPLATES),
    SET("set", "KEY=VALUE", "extra variable for a site's template, {{set.KEY}} (repeatable)", "none", true, Section.TEMPLATES),
    LIST_TEMPLATES("list-templates", null, "list the templates in search order and exit", null, false, Section.TEMPLATES),

    SUBMIT("submit", null, "submit the script with sbatch, print only the job id, exit with sbatch's status", null, false, Section.ACTIONS),
    HELP("help", null, "show this help and exit", null, false, Section.ACTIONS),
    VERSION("version", null, "show jobgen's version and exit", null, false, Section.ACTIONS);

    /** Help sections, in the order they are shown. */
    enum Section {
        RESOURCES("Resources"), SCHEDULING("Scheduling"), ENVIRONMENT("Environment (in this order, before srun)"),
        LAUNCH("Launch"), TEMPLATES("Templates"), ACTIONS("Actions");

        final String title;

        Section(String title) {
            this.title = title;
        }
    }

    final String longName;
    final String argName;
    final String help;
    final String defaultText;
    final boolean repeatable;
    final Section section;

    Flag(String longName, String argName, String help, String defaultText, boolean repeatable, Section section) {
        this.longName = longName;
        this.argName = argName;
        this.help = help;
        this.defaultText = defaultText;
        this.repeatable = repeatable;
        this.section = section;
    }

    /** {@code --name}. */
    String display() {
        return "--" + longName;
    }

    boolean takesValue() {
        return argName != null;
    }
}
