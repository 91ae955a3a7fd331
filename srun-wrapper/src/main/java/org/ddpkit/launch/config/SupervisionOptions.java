package org.ddpkit.launch.config;

import java.time.Duration;

import org.ddpkit.launch.LaunchException;

/**
 * How the agent watches its workers.
 *
 * @param maxRestarts     {@code --max-restarts}: restarts of the local worker group after a failure
 * @param monitorInterval {@code --monitor-interval}: longest time the agent sleeps between
 *                        checks; exits and signals wake it at once
 * @param killGrace       {@code --kill-grace}: time between TERM and KILL when stopping workers
 */
public record SupervisionOptions(int maxRestarts, Duration monitorInterval, Duration killGrace) {
    public static final Duration DEFAULT_MONITOR_INTERVAL = Duration.ofMillis(100);
    public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(5);

    public SupervisionOptions {
        if (maxRestarts < 0) {
            throw LaunchException.usage("--max-restarts: must be ≥ 0, got \"" + maxRestarts + "\"");
        }
        if (monitorInterval.isNegative() || monitorInterval.isZero()) {
            throw LaunchException.usage("--monitor-interval: must be > 0 seconds, got \"" + monitorInterval.toMillis() / 1000.0 + "\"");
        }
        if (killGrace.isNegative()) {
            throw LaunchException.usage("--kill-grace: must be ≥ 0 seconds, got \"" + killGrace.toMillis() / 1000.0 + "\"");
        }
    }

    public static SupervisionOptions defaults() {
        return new SupervisionOptions(0, DEFAULT_MONITOR_INTERVAL, DEFAULT_KILL_GRACE);
    }
}
