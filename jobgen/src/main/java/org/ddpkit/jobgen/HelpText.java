package org.ddpkit.jobgen;

/** jobgen's {@code --help}, made from the {@link Flag} table so that every option is listed with its default. */
final class HelpText {
    private static final int WIDTH = 100;
    private static final int COLUMN = 34;

    private HelpText() {}

    /** The help text; {@code defaultWrapper} is the wrapper path this installation uses. */
    static String render(String defaultWrapper) {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: jobgen [OPTIONS] -- COMMAND [ARGS...]\n")
          .append("Write a SLURM batch script to stdout that runs COMMAND through srun-wrapper on every node:\n")
          .append("  jobgen --nodes 2 --gpus 2 -- bin/ddp-example elastic-ddp-cnn > job.sh && sbatch job.sh\n");
        Flag.Section section = null;
        for (Flag f : Flag.values()) {
            if (f.section != section) {
                section = f.section;
                sb.append('\n').append(section.title).append(":\n");
            }
            String left = "  " + f.display() + (f.takesValue() ? " " + f.argName : "");
            String def = f == Flag.WRAPPER ? defaultWrapper : f.defaultText;
            String text = f.help + (def == null ? "" : " (default: " + def + ")");
            appendWrapped(sb, left, text);
        }
        sb.append("""

                Options take their value as --name VALUE or --name=VALUE; a repeated option keeps its last value
                unless it says repeatable. Template search order: --template FILE, each directory of
                $JOBGEN_TEMPLATE_PATH, /etc/ddpkit/templates, the built-ins.
                Exit status: 0 ok, 64 bad option or value, 65 bad or missing template, 69 sbatch not found,
                70 internal error; with --submit, sbatch's own status when it fails.
                """);
        return sb.toString();
    }

    private static void appendWrapped(StringBuilder sb, String left, String text) {
        StringBuilder line = new StringBuilder(left);
        if (line.length() >= COLUMN - 1) {
            sb.append(line).append('\n');
            line.setLength(0);
        }
        pad(line);
        for (String word : text.split(" ")) {
            if (line.length() > COLUMN && line.length() + 1 + word.length() > WIDTH) {
                sb.append(line.toString().stripTrailing()).append('\n');
                line.setLength(0);
                pad(line);
            }
            if (line.length() > COLUMN) {
                line.append(' ');
            }
            line.append(word);
        }
        sb.append(line).append('\n');
    }

    private static void pad(StringBuilder line) {
        while (line.length() < COLUMN) {
            line.append(' ');
        }
    }
}
