package org.ddpkit.launch.agent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;

import org.ddpkit.launch.config.OutputOptions;
import org.ddpkit.launch.plan.LaunchPlan;
import org.ddpkit.launch.plan.WorkerSpec;

/**
 * The workers of one attempt on this node: started together, signalled together, and cleaned
 * up together (leftover processes in their groups are killed when the attempt ends).
 */
final class WorkerGroup {
    private final List<WorkerProcess> workers;
    private final GroupGuard guard;

    private WorkerGroup(List<WorkerProcess> workers, GroupGuard guard) {
        this.workers = workers;
        this.guard = guard;
    }

    /**
     * Starts every worker of {@code plan}; exits arrive on {@code events}.
     *
     * @param baseEnv the wrapper's environment, which every worker inherits under its own variables
     */
    static WorkerGroup start(LaunchPlan plan, Map<String, String> baseEnv, OutputOptions output, Console stdout, Console stderr,
                             WorkerWrapping wrapping, GroupGuard guard, BlockingQueue<AgentEvent> events) {
        Optional<LogLayout> logs = output.logDir().map(d -> new LogLayout(d, plan.runId()));
        List<WorkerStreams> streams = new ArrayList<>();
        List<Optional<String>> errFiles = new ArrayList<>();
        for (WorkerSpec spec : plan.workers()) { // open every log file before starting anything
            int lr = spec.localRank();
            String prefix = output.prefix().of(plan.role(), spec.rank(), lr);
            LineSink out = sink(output.redirects().stdout(lr), output.tee().stdout(lr), stdout, prefix,
                    logs.map(l -> l.stdout(plan.restartCount(), spec.rank())));
            LineSink err = sink(output.redirects().stderr(lr), output.tee().stderr(lr), stderr, prefix,
                    logs.map(l -> l.stderr(plan.restartCount(), spec.rank())));
            boolean errToFile = logs.isPresent() && (output.redirects().stderr(lr) || output.tee().stderr(lr));
            errFiles.add(errToFile ? Optional.of(logs.get().stderr(plan.restartCount(), spec.rank()).toString()) : Optional.empty());
            streams.add(new WorkerStreams("rank-" + spec.rank(), out, err));
        }
        List<WorkerProcess> started = new ArrayList<>();
        for (int i = 0; i < plan.workers().size(); i++) {
            WorkerSpec spec = plan.workers().get(i);
            Map<String, String> env = new HashMap<>(baseEnv);
            env.remove("DDPKIT_ARGV0");
            env.putAll(spec.env());
            started.add(WorkerProcess.start(spec, env, wrapping, streams.get(i), errFiles.get(i),
                    e -> events.add(new AgentEvent.Exited(e))));
        }
        WorkerGroup group = new WorkerGroup(started, guard);
        for (WorkerProcess w : started) {
            long pid = w.awaitStart();
            if (pid > 0 && w.ownGroup()) {
                guard.watch(pid);
            }
        }
        return group;
    }

    List<WorkerProcess> workers() {
        return workers;
    }

    /**
     * Sends {@code signal} to the process group of every worker still running (through the
     * guard; kill(1) for any it cannot reach); returns how many workers.
     */
    int signalRunning(int signal) {
        return signalRunning(signal, false, 0);
    }

    /**
     * As {@link #signalRunning(int)}, to the running workers started after {@code nanos}
     * ({@link System#nanoTime}) that catch {@code signal} now (a handler in the worker's own
     * process): a repeat then cannot end a worker that has no handler, or that dropped its handler
     * after a first notice.
     */
    int signalStartedAfterAndCatching(int signal, long nanos) {
        return signalRunning(signal, true, nanos);
    }

    private int signalRunning(int signal, boolean repeat, long startedAfter) {
        List<Long> groups = new ArrayList<>();
        List<Long> single = new ArrayList<>();
        for (WorkerProcess w : workers) {
            long pid = w.pid();
            if (w.running() && pid > 0
                    && (!repeat || w.startedNanos() - startedAfter > 0 && ProcessState.catches(pid, signal))) {
                (w.ownGroup() ? groups : single).add(pid);
            }
        }
        if (!guard.signal(PosixSignals.name(signal), groups)) {
            for (long g : groups) {
                PosixSignals.kill(-g, signal);
            }
        }
        for (long p : single) {
            PosixSignals.kill(p, signal);
        }
        return groups.size() + single.size();
    }

    /**
     * The running workers that are frozen (stopped by SIGSTOP or a debugger: a hung rank), as
     * {@code rank R (local rank L, pid P)}.
     */
    List<String> frozen() {
        List<String> out = new ArrayList<>();
        for (WorkerProcess w : workers) {
            long pid = w.pid();
            if (w.running() && pid > 0 && ProcessState.frozen(pid)) {
                out.add("rank " + w.spec().rank() + " (local rank " + w.spec().localRank() + ", pid " + pid + ")");
            }
        }
        return out;
    }

    /** After every worker exited: SIGKILL to whatever they left in their process groups. */
    void cleanUp() {
        List<Long> groups = new ArrayList<>();
        for (WorkerProcess w : workers) {
            if (w.pid() > 0 && w.ownGroup()) {
                groups.add(w.pid());
            }
        }
        if (!guard.end(groups)) {
            for (long g : groups) {
                PosixSignals.kill(-g, PosixSignals.number("KILL"));
            }
        }
    }

    private static LineSink sink(boolean redirect, boolean tee, Console console, String prefix, Optional<java.nio.file.Path> file) {
        boolean toFile = (redirect || tee) && file.isPresent();
        boolean toConsole = !redirect || file.isEmpty();
        return new LineSink(toConsole ? console : null, prefix, toFile ? LogLayout.open(file.get()) : null);
    }
}
