package org.ddpkit.launch.agent;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteResultHandler;
import org.apache.commons.exec.ProcessDestroyer;
import org.ddpkit.launch.plan.WorkerSpec;

/**
 * One running worker, started asynchronously through Commons Exec: the executor's own thread
 * launches the process and waits for it (see {@link WorkerWrapping} for why that matters),
 * {@link WorkerStreams} pumps its output, and the result handler reports its
 * {@link WorkerExit} once. Commons Exec hands the {@link Process} to its process destroyer
 * right after launch; a destroyer that only records it gives the wrapper the pid to signal.
 */
final class WorkerProcess {
    /** Exit status reported for a worker whose command could not be started, as a shell does. */
    static final int START_FAILED = 127;

    private final WorkerSpec spec;
    private final boolean ownGroup;
    private final CompletableFuture<Process> process = new CompletableFuture<>();
    private final long startedNanos = System.nanoTime();
    private volatile WorkerExit exit;

    private WorkerProcess(WorkerSpec spec, boolean ownGroup) {
        this.spec = spec;
        this.ownGroup = ownGroup;
    }

    static WorkerProcess start(WorkerSpec spec, Map<String, String> env, WorkerWrapping wrapping, WorkerStreams streams,
                               Optional<String> logFile, Consumer<WorkerExit> onExit) {
        WorkerProcess w = new WorkerProcess(spec, wrapping.ownProcessGroup());
        List<String> argv = wrapping.wrap(spec.command());
        CommandLine cl = new CommandLine(argv.getFirst());
        for (String a : argv.subList(1, argv.size())) {
            cl.addArgument(a, false);
        }
        DefaultExecutor executor = DefaultExecutor.builder().setExecuteStreamHandler(streams).get();
        executor.setExitValues(null); // every status is a result, not an exception
        executor.setProcessDestroyer(new Recorder(w.process));
        ExecuteResultHandler handler = new ExecuteResultHandler() {
            @Override
            public void onProcessComplete(int exitValue) {
                w.finish(exitValue, streams, logFile, Optional.empty(), onExit);
            }

            @Override
            public void onProcessFailed(ExecuteException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                w.process.completeExceptionally(cause);
                w.finish(START_FAILED, streams, logFile, Optional.of(cause.getMessage()), onExit);
            }
        };
        try {
            executor.execute(cl, env, handler);
        } catch (IOException e) {
            w.process.completeExceptionally(e);
            w.finish(START_FAILED, streams, logFile, Optional.of(e.getMessage()), onExit);
        }
        return w;
    }

    WorkerSpec spec() {
        return spec;
    }

    /** When the wrapper started this worker ({@link System#nanoTime}). */
    long startedNanos() {
        return startedNanos;
    }

    /** The worker's pid once started; -1 when it has not started (yet, or ever). */
    long pid() {
        Process p = process.getNow(null);
        return p == null ? -1 : p.pid();
    }

    /** Waits until the worker started or failed to; returns its pid or -1. */
    long awaitStart() {
        try {
            return process.join().pid();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    boolean running() {
        return exit == null;
    }

    WorkerExit exit() {
        return exit;
    }

    boolean ownGroup() {
        return ownGroup;
    }

    private void finish(int code, WorkerStreams streams, Optional<String> logFile, Optional<String> startError,
                        Consumer<WorkerExit> onExit) {
        Instant t = streams.exitedAt() != null ? streams.exitedAt() : Instant.now();
        long pid = pid();
        WorkerExit e = new WorkerExit(spec.rank(), spec.localRank(), pid, code, t, logFile, streams.err().tail(), startError);
        exit = e;
        onExit.accept(e);
    }

    /** The "destroyer" that only records the process Commons Exec launched. */
    private record Recorder(CompletableFuture<Process> process) implements ProcessDestroyer {
        @Override
        public boolean add(Process p) {
            process.complete(p);
            return true;
        }

        @Override
        public boolean remove(Process p) {
            return true;
        }

        @Override
        public int size() {
            return 0;
        }
    }
}
