package org.ddpkit.launch.agent;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import org.ddpkit.launch.config.OutputOptions;
import org.ddpkit.launch.config.SupervisionOptions;
import org.ddpkit.launch.plan.LaunchPlan;
import org.ddpkit.launch.plan.PlanSource;

/**
 * Starts and supervises the local worker group, like torchrun's elastic agent:
 * <ul>
 *   <li>all workers exit 0: exit 0;
 *   <li>a worker fails: the others get SIGTERM, then SIGKILL after the kill grace; with restarts
 *       left the group starts again (DDPKIT_RESTART_COUNT + 1, the reason logged), else the
 *       failure report is printed and the wrapper exits with the root cause's status;
 *   <li>TERM, INT or HUP reaches the wrapper: forwarded to every worker, SIGKILL after the
 *       grace, exit 128+N; no restart;
 *   <li>USR1 or USR2 reaches the wrapper: forwarded to every worker, nothing else; since it is
 *       most often a preemption notice, a group that fails after one is not restarted;
 *   <li>after a forwarded USR1/USR2, a worker's exit 75 ({@link #REQUESTED_STOP}: stopped early
 *       with a snapshot, run me again) is the requested stop: the others get the kill grace to
 *       exit on their own first, and the wrapper exits 75. Without a notice, 75 is what
 *       mpi-backend's ranks exit with when they lose a peer or a collective times out: a failure
 *       like any other, restarted when restarts are left (every node of a multi-node job then
 *       restarts, not only the one whose worker died).
 * </ul>
 * Stopping a group sends SIGTERM and then SIGCONT, so a worker frozen by SIGSTOP (a hung rank)
 * receives the SIGTERM too; workers found frozen at that moment are named in the report.
 */
public final class LocalAgent {
    /** How long to wait for workers that ignore SIGKILL (stuck in the kernel) before giving up on them. */
    static final long AFTER_KILL_MILLIS = 30_000;
    /**
     * After a notice (USR1/USR2) is forwarded: when, in milliseconds after it, to send it again to
     * the workers that were still starting, those that catch it by then (a handler in the worker's
     * process). A notice that reaches a process before it installed its handler is lost (or, for a
     * JVM and USR1 without bin/ddp-example's ignore, fatal); a handler that got the first one
     * counts the repeat and does nothing more (notice handlers must be idempotent: with scancel
     * --full a worker gets the notice twice anyway).
     */
    static final long[] NOTICE_REPEATS_MILLIS = {1_000, 3_000, 7_000};
    /** Workers started less than this long before a notice get its repeats. */
    static final long NOTICE_YOUNG_MILLIS = 10_000;
    /** A worker's "stopped early, run me again" status (DESIGN: temporary); after a notice, never restarted. */
    public static final int REQUESTED_STOP = 75;

    private final PlanSource plans;
    private final SupervisionOptions supervision;
    private final OutputOptions output;
    private final Map<String, String> baseEnv;
    private final Console stdout;
    private final Console stderr;
    private final WorkerWrapping wrapping;
    private final GroupGuard guard;
    private final BlockingQueue<AgentEvent> events = new LinkedBlockingQueue<>();
    private final int term = PosixSignals.number("TERM");
    private final int kill = PosixSignals.number("KILL");
    private final int cont = PosixSignals.number("CONT");
    private final IntConsumer idleStop;
    private volatile boolean noticeForwarded;
    /** True from just before an attempt's workers start until they were cleaned up. */
    private volatile boolean workersRunning;
    /** True from the end of an attempt's workers until a restart begins: the wrapper reports and exits. */
    private volatile boolean finishing;

    public LocalAgent(PlanSource plans, SupervisionOptions supervision, OutputOptions output, Map<String, String> baseEnv,
                      Console stdout, Console stderr, WorkerWrapping wrapping, GroupGuard guard, IntConsumer idleStop) {
        this.plans = plans;
        this.supervision = supervision;
        this.output = output;
        this.baseEnv = Map.copyOf(baseEnv);
        this.stdout = stdout;
        this.stderr = stderr;
        this.wrapping = wrapping;
        this.guard = guard;
        this.idleStop = idleStop;
    }

    /**
     * Called (from any thread) when the wrapper receives a signal. While no worker runs (the
     * wrapper waits at the rendezvous, or between attempts) TERM, INT and HUP go to
     * {@code idleStop}, which ends the wrapper at once, and USR1/USR2 have nobody to reach.
     * After an attempt's workers ended, until a restart begins, the wrapper is about to exit
     * with its verdict (and its failure report, which is what a user reads): a signal then
     * changes nothing. Under srun this is common: another node's wrapper exits first and srun
     * ends the step with SIGTERM.
     */
    public void signal(int signal) {
        if (!workersRunning) {
            if (isNotice(signal)) {
                noticeForwarded = true;
                log("received " + PosixSignals.name(signal) + " while no worker runs: nothing to forward");
            } else if (!finishing) {
                idleStop.accept(signal);
            }
            return;
        }
        events.add(new AgentEvent.Signalled(signal));
    }

    /** Runs attempts until success, a signal, or failures beyond --max-restarts; returns the exit code. */
    public int run() {
        for (int restart = 0; ; restart++) {
            LaunchPlan plan = plans.forAttempt(restart);
            if (restart == 0) {
                for (String n : plan.notes()) {
                    log("note: " + n);
                }
            }
            Attempt a = runAttempt(plan);
            if (a.stopSignal > 0) {
                log("stopped by " + PosixSignals.name(a.stopSignal) + " (forwarded to the workers); exit " + (128 + a.stopSignal));
                return 128 + a.stopSignal;
            }
            if (a.failures.isEmpty()) {
                return 0;
            }
            List<WorkerExit> failures = rootFirst(a.failures);
            WorkerExit root = failures.getFirst();
            boolean requested = root.exitCode() == REQUESTED_STOP && noticeForwarded;
            if (requested && cleanStop(a)) {
                log("rank " + root.rank() + " (local rank " + root.localRank() + ", pid " + root.pid() + ") exited with "
                        + REQUESTED_STOP + " (stopped early, to be run again): not restarted; exit " + REQUESTED_STOP
                        + (root.stderrTail().isEmpty() ? "" : "; its last line: " + root.stderrTail().getLast()));
                return REQUESTED_STOP;
            }
            if (restart < supervision.maxRestarts() && !noticeForwarded) {
                log("restarting the worker group (restart " + (restart + 1) + " of " + supervision.maxRestarts() + "): rank "
                        + root.rank() + " (local rank " + root.localRank() + ", pid " + root.pid() + ") ended with " + root.describe()
                        + (a.frozen.isEmpty() ? "" : "; frozen (state T) when the group was stopped: " + String.join(", ", a.frozen)));
                finishing = false; // a signal before the next group starts ends the wrapper at once
                continue;
            }
            String why = noticeForwarded && restart < supervision.maxRestarts() ? ", not restarted after a forwarded preemption signal" : "";
            String title = "srun-wrapper: worker group \"" + plan.role() + "\" of run " + plan.runId() + " FAILED (restarts: "
                    + restart + " of " + supervision.maxRestarts() + why + ")";
            for (String line : FailureReport.render(title, plan.hostname(), failures, a.stopped, a.frozen).split("\n")) {
                stderr.writeLine(new byte[0], line.getBytes(StandardCharsets.UTF_8), 0, line.getBytes(StandardCharsets.UTF_8).length);
            }
            return root.exitCode() > 0 && root.exitCode() < 256 ? root.exitCode() : 1;
        }
    }

    /** The repeats of an attempt's first notice ({@link #NOTICE_REPEATS_MILLIS}). */
    private static final class Repeats {
        /** When the next repeat is due (epoch ms), MAX_VALUE when none is. */
        long at = Long.MAX_VALUE;
        int signal;
        /** Workers started after this ({@link System#nanoTime}) get the repeats. */
        long youngSince;
        private long noticeAt;
        private int done;

        void first(int sig, long now) {
            if (signal == 0) {
                signal = sig;
                noticeAt = now;
                youngSince = System.nanoTime() - NOTICE_YOUNG_MILLIS * 1_000_000;
                at = now + NOTICE_REPEATS_MILLIS[0];
            }
        }

        void advance() {
            done++;
            at = done < NOTICE_REPEATS_MILLIS.length ? noticeAt + NOTICE_REPEATS_MILLIS[done] : Long.MAX_VALUE;
        }
    }

    private static final class Attempt {
        final List<WorkerExit> failures = new ArrayList<>();
        final List<WorkerExit> stopped = new ArrayList<>();
        /** Workers found frozen (process state T) when the wrapper began to stop the group. */
        final List<String> frozen = new ArrayList<>();
        int stopSignal;
        /** When the wrapper began to stop the group: exits seen before it are failures of their own. */
        Instant stopSentAt = Instant.MAX;

        /** A terminating signal the wrapper received: the verdict, unless a signal or a failure came first. */
        void stoppedBy(int signal) {
            if (stopSignal == 0 && failures.isEmpty()) {
                stopSignal = signal;
            }
        }
    }

    private Attempt runAttempt(LaunchPlan plan) {
        Attempt a = new Attempt();
        workersRunning = true;
        WorkerGroup group = WorkerGroup.start(plan, baseEnv, output, stdout, stderr, wrapping, guard, events);
        int running = group.workers().size();
        boolean stopping = false;
        long termAt = Long.MAX_VALUE; // after a worker's exit 75: when the others that did not follow get SIGTERM
        long killAt = Long.MAX_VALUE;
        long giveUpAt = Long.MAX_VALUE;
        Repeats repeats = new Repeats();
        long interval = Math.max(1, supervision.monitorInterval().toMillis());
        while (running > 0) {
            long now = System.currentTimeMillis();
            long next = Math.min(Math.min(termAt, repeats.at), Math.min(killAt, giveUpAt));
            long wait = Math.min(interval, Math.max(0, next - now));
            AgentEvent ev;
            try {
                ev = events.poll(wait, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ev = new AgentEvent.Signalled(term);
            }
            now = System.currentTimeMillis();
            if (ev == null) {
                if (now >= repeats.at) {
                    boolean ending = killAt != Long.MAX_VALUE || a.stopSignal != 0; // the wrapper stops the group: no more notices
                    int n = ending ? 0 : group.signalStartedAfterAndCatching(repeats.signal, repeats.youngSince);
                    if (n > 0) {
                        log("sent " + PosixSignals.name(repeats.signal) + " again to " + n + " worker(s) that were starting when it"
                                + " came and catch it now (a notice before a worker's handler is lost)");
                    }
                    repeats.advance();
                    continue;
                }
                if (now >= termAt) {
                    int n = terminate(group, a);
                    log("SIGTERM to " + n + " worker(s) still running " + supervision.killGrace().toMillis() / 1000.0
                            + " s after a worker's exit " + REQUESTED_STOP);
                    termAt = Long.MAX_VALUE;
                    killAt = now + supervision.killGrace().toMillis();
                } else if (now >= killAt) {
                    int n = group.signalRunning(kill);
                    log("SIGKILL to " + n + " worker(s) still running " + supervision.killGrace().toMillis() / 1000.0 + " s after SIGTERM");
                    killAt = Long.MAX_VALUE;
                    giveUpAt = now + AFTER_KILL_MILLIS;
                } else if (now >= giveUpAt) {
                    log("giving up on " + running + " worker(s) that did not exit after SIGKILL");
                    break;
                }
                continue;
            }
            if (ev instanceof AgentEvent.Exited x) { // instanceof, not a pattern switch: see Main
                running--;
                if (stopping && !(x.exit().failed() && x.exit().time().isBefore(a.stopSentAt))) {
                    a.stopped.add(x.exit());
                } else if (x.exit().failed()) {
                    a.failures.add(x.exit()); // on its own: before the wrapper began to stop the group
                    if (!stopping && x.exit().exitCode() == REQUESTED_STOP && noticeForwarded && group.frozen().isEmpty()) {
                        stopping = true; // the others are stopping on their own too: SIGTERM only if they do not (a frozen one cannot)
                        termAt = now + supervision.killGrace().toMillis();
                    } else if (!stopping) {
                        stopping = true;
                        killAt = now + supervision.killGrace().toMillis();
                        terminate(group, a);
                    }
                }
            } else if (ev instanceof AgentEvent.Signalled s) {
                int n = group.signalRunning(s.signal());
                if (!isNotice(s.signal())) {
                    noteFrozen(group, a);
                    group.signalRunning(cont); // a frozen worker receives the signal only once it runs again
                }
                if (isNotice(s.signal())) {
                    noticeForwarded = true;
                    repeats.first(s.signal(), now);
                    log("forwarded " + PosixSignals.name(s.signal()) + " to " + n + " worker(s)");
                } else {
                    a.stoppedBy(s.signal());
                    if (!stopping || termAt != Long.MAX_VALUE) {
                        stopping = true;
                        termAt = Long.MAX_VALUE;
                        killAt = now + supervision.killGrace().toMillis();
                        a.stopSentAt = Instant.now();
                    }
                    log("received " + PosixSignals.name(s.signal()) + ": forwarded to " + n + " worker(s)");
                }
            }
        }
        group.cleanUp();
        finishing = true;
        workersRunning = false;
        for (AgentEvent left; (left = events.poll()) != null; ) { // a signal that came as the group ended
            if (left instanceof AgentEvent.Signalled s && !isNotice(s.signal())) {
                a.stoppedBy(s.signal());
            }
        }
        return a;
    }

    /**
     * Begins to stop the group: notes the frozen workers, then SIGTERM and SIGCONT to every
     * running worker's group (a process frozen by SIGSTOP acts on the SIGTERM once continued;
     * without the SIGCONT only the SIGKILL after the grace would end it). Returns how many.
     */
    private int terminate(WorkerGroup group, Attempt a) {
        noteFrozen(group, a);
        a.stopSentAt = Instant.now();
        int n = group.signalRunning(term);
        group.signalRunning(cont);
        return n;
    }

    private static void noteFrozen(WorkerGroup group, Attempt a) {
        for (String f : group.frozen()) {
            if (!a.frozen.contains(f)) {
                a.frozen.add(f);
            }
        }
    }

    /**
     * The failures with the root cause first: the first observed, unless that is an exit 75 and
     * another worker failed otherwise. (mpi-backend ends a rank that lost a peer or timed out with
     * 75 too, and that rank's exit can be observed before the peer's own.)
     */
    static List<WorkerExit> rootFirst(List<WorkerExit> failures) {
        List<WorkerExit> out = new ArrayList<>(failures);
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).exitCode() != REQUESTED_STOP) {
                out.addFirst(out.remove(i));
                break;
            }
        }
        return out;
    }

    /**
     * A group that stopped as asked: every worker ended on its own with 75 or 0, none had to be
     * stopped by the wrapper and none was frozen. Otherwise (still no restart after a notice) the
     * failure report shows what else happened (a hung peer, a peer that did not stop).
     */
    private static boolean cleanStop(Attempt a) {
        for (WorkerExit e : a.failures) {
            if (e.exitCode() != REQUESTED_STOP) {
                return false;
            }
        }
        for (WorkerExit e : a.stopped) {
            if (e.exitCode() != 0 && e.exitCode() != REQUESTED_STOP) {
                return false;
            }
        }
        return a.frozen.isEmpty();
    }

    private static boolean isNotice(int signal) {
        String name = PosixSignals.name(signal);
        return name.equals("SIGUSR1") || name.equals("SIGUSR2");
    }

    private void log(String message) {
        byte[] b = ("srun-wrapper: " + message).getBytes(StandardCharsets.UTF_8);
        stderr.writeLine(new byte[0], b, 0, b.length);
    }
}
