package org.ddpkit.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a command line to completion with extra environment variables and a time limit, and
 * returns its exit code and output. A command that outlives the limit is killed (with its
 * descendants) and reported as an {@link AssertionError}.
 *
 * @param env     variables added to (or replacing those of) this JVM's environment
 * @param timeout how long one command may run
 */
public record CommandRunner(Map<String, String> env, Duration timeout) {
    private static final long STREAM_GRACE_S = 10;

    public CommandRunner {
        env = Map.copyOf(env);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: must be > 0, got " + timeout);
        }
    }

    /** The same environment with another time limit. */
    public CommandRunner withTimeout(Duration newTimeout) {
        return new CommandRunner(env, newTimeout);
    }

    /** Runs {@code command} in {@code workDir} (stdin empty) and waits for it. */
    public CommandResult run(Path workDir, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s: " + String.join(" ", command));
            }
            // A grandchild that inherited stdout may hold it open: wait for the streams briefly.
            return new CommandResult(command, process.exitValue(),
                    out.get(STREAM_GRACE_S, TimeUnit.SECONDS), err.get(STREAM_GRACE_S, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        } catch (TimeoutException e) {
            throw new AssertionError("exited, but a child process still holds its output open: " + String.join(" ", command), e);
        } catch (ExecutionException e) {
            throw new AssertionError("cannot read the output of " + String.join(" ", command), e.getCause());
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Thread::startVirtualThread);
    }
}
