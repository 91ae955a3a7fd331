package org.ddpkit.jobgen.spec;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The notice signal SLURM sends before a job's time runs out, as sbatch's {@code --signal}
 * takes it: {@code [B:|R:]SIG[@SECONDS]}. SIG is a name ({@code USR2}, {@code SIGUSR2}) or a
 * number; SECONDS is 0-65535 and defaults to 60 as in SLURM. Without {@code B:} SLURM signals
 * every job step (so srun passes it to srun-wrapper and on to the workers); with {@code B:} only
 * the batch shell, which the sbatch template then forwards to srun.
 *
 * @param batchOnly  {@code B:} given: only the batch shell is signalled
 * @param reservation {@code R:} given: the job may overlap a reservation
 * @param name       the signal's name without {@code SIG}, e.g. {@code USR2}
 * @param seconds    how long before the end of the job the signal comes
 */
public record SignalSpec(boolean batchOnly, boolean reservation, String name, int seconds) {
    /** Linux signal names by number (index = number); null where none is usable. */
    private static final List<String> NAMES = List.of("", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT",
            "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT",
            "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");
    private static final Pattern SYNTAX = Pattern.compile("(?:([BR]):)?([A-Za-z0-9]+)(?:@(\\d{1,9}))?");

    /** jobgen's default: {@code USR2@90} (NCCL may catch USR1). */
    public static final SignalSpec DEFAULT = new SignalSpec(false, false, "USR2", 90);
    /**
     * jobgen's default with {@code --requeue}: {@code B:USR2@90}. The batch shell then knows of the
     * notice and requeues even when srun reports 143 rather than the workers' 75 (srun's
     * {@code --kill-on-bad-exit} terminates the tasks that are still exiting after the first 75).
     */
    public static final SignalSpec REQUEUE_DEFAULT = new SignalSpec(true, false, "USR2", 90);

    public SignalSpec {
        if (!NAMES.contains(name) || name.isEmpty()) {
            throw InvalidSpecException.badValue("--signal", name, "is not a signal name");
        }
        if (seconds < 0 || seconds > 65535) {
            throw InvalidSpecException.badValue("--signal", name + "@" + seconds, "has a time outside 0-65535 seconds");
        }
    }

    /** Parses {@code text}, the value of {@code flag}. */
    public static SignalSpec parse(String flag, String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw InvalidSpecException.badValue(flag, text, "is not a SLURM signal (use [B:|R:]SIG[@SECONDS], e.g. USR2@90)");
        }
        String name = signalName(flag, text, m.group(2));
        if (name.equals("KILL") || name.equals("STOP")) {
            throw InvalidSpecException.badValue(flag, text,
                    "cannot be caught, so it gives no notice; use USR2, USR1 or TERM");
        }
        int seconds = 60;
        if (m.group(3) != null) {
            long s = Long.parseLong(m.group(3));
            if (s > 65535) {
                throw InvalidSpecException.badValue(flag, text, "has a time outside 0-65535 seconds");
            }
            seconds = (int) s;
        }
        return new SignalSpec("B".equals(m.group(1)), "R".equals(m.group(1)), name, seconds);
    }

    private static String signalName(String flag, String text, String sig) {
        if (sig.matches("\\d+")) {
            int n = sig.length() > 3 ? -1 : Integer.parseInt(sig);
            if (n >= 1 && n < NAMES.size()) {
                return NAMES.get(n);
            }
            throw InvalidSpecException.badValue(flag, text, "names signal number " + sig + ", which is not 1-" + (NAMES.size() - 1));
        }
        String upper = sig.toUpperCase(Locale.ROOT);
        String name = upper.startsWith("SIG") ? upper.substring(3) : upper;
        if (!NAMES.contains(name) || name.isEmpty()) {
            throw InvalidSpecException.badValue(flag, text, "names unknown signal " + InvalidSpecException.quote(sig)
                    + " (e.g. USR1, USR2, TERM, INT, HUP)");
        }
        return name;
    }

    /** The value for sbatch: {@code B:USR2@90}. */
    public String sbatchValue() {
        return (batchOnly ? "B:" : reservation ? "R:" : "") + name + "@" + seconds;
    }
}
