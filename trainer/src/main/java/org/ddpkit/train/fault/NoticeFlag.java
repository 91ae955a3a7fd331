package org.ddpkit.train.fault;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * A flag that notice signals set: SLURM sends SIGUSR1 or SIGUSR2 ahead of a preemption or the
 * time limit ({@code sbatch --signal}, {@code scancel --signal}), and the default action of both
 * would kill the JVM at once. {@link #install} makes this process catch them instead; the
 * training loop reads the flag at its step boundaries (through {@link CollectiveFlag} when
 * there are several ranks). The first notice is kept with its arrival time; later ones are
 * counted only.
 *
 * <p>Install it early: a signal that arrives before {@link #install} still kills the process.
 *
 * <p>{@link #installWithTerm} handles SIGTERM as a notice too, for a loop that can write a
 * snapshot in time: SLURM's own preemption sends SIGTERM (with the user's notice signal, if
 * any) and SIGKILL after its grace; scancel and srun-wrapper's stop send it too. The JVM's own
 * SIGTERM handling (shutdown) is then replaced, so a deadline ends the process as before when
 * the loop does not stop in time (a hang). Later SIGTERMs change nothing: under SLURM the same
 * one arrives several ways (slurmstepd, srun, srun-wrapper).
 */
public final class NoticeFlag {
    /** The notice signals SLURM users pick from (NCCL may take USR1 for itself, hence USR2 by default). */
    public static final List<String> SIGNALS = List.of("USR1", "USR2");

    private final AtomicReference<Notice> first = new AtomicReference<>();
    private final Map<Integer, String> names = new LinkedHashMap<>();
    private volatile int count;

    /** A flag that nothing sets but {@link #raise} (for a loop that handles no signals, and tests). */
    public NoticeFlag() {}

    /** A flag set by each of {@code signals} ({@code USR1}, {@code USR2}), whose handlers it replaces. */
    public static NoticeFlag install(List<String> signals) {
        NoticeFlag flag = new NoticeFlag();
        for (String name : signals) {
            Signal s;
            try {
                s = new Signal(name);
            } catch (IllegalArgumentException unknown) {
                throw new IllegalArgumentException("notice signal: unknown on this platform, got \"" + name + "\"");
            }
            flag.names.put(s.getNumber(), name);
            Signal.handle(s, caught -> flag.raise(caught.getName(), caught.getNumber()));
        }
        return flag;
    }

    /**
     * As {@link #install}, plus SIGTERM: it sets the flag like a notice; the process then exits
     * with 143 (128 + SIGTERM, as without a handler) when it is still running {@code deadline}
     * after the first.
     */
    public static NoticeFlag installWithTerm(List<String> signals, Duration deadline) {
        NoticeFlag flag = install(signals);
        Signal term = new Signal("TERM");
        flag.names.put(term.getNumber(), "TERM");
        AtomicBoolean armed = new AtomicBoolean();
        Signal.handle(term, caught -> {
            flag.raise(caught.getName(), caught.getNumber());
            if (!armed.compareAndSet(false, true)) {
                return; // under SLURM one SIGTERM comes several ways (slurmstepd, srun, srun-wrapper): one deadline
            }
            Thread.ofPlatform().daemon().name("sigterm-deadline").start(() -> {
                try {
                    Thread.sleep(deadline.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                System.err.println("SIGTERM " + deadline.toSeconds() + " s ago and still running: exit " + (128 + caught.getNumber()));
                System.exit(128 + caught.getNumber());
            });
        });
        return flag;
    }

    /** Records a notice now (what the signal handlers call). */
    public void raise(String signal, int number) {
        first.compareAndSet(null, new Notice(signal, number, System.nanoTime()));
        count++;
    }

    /** The first notice received, if any. */
    public Optional<Notice> notice() {
        return Optional.ofNullable(first.get());
    }

    public boolean raised() {
        return first.get() != null;
    }

    /** How many notices arrived (a second one means nothing more than the first). */
    public int count() {
        return count;
    }

    /** The name of signal {@code number} if this flag handles it, else {@code signal N}. */
    public String nameOf(int number) {
        String n = names.get(number);
        if (n != null) {
            return n;
        }
        Notice mine = first.get();
        return mine != null && mine.number() == number ? mine.signal() : "signal " + number;
    }
}
