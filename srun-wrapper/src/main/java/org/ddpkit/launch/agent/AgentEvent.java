package org.ddpkit.launch.agent;

/** What wakes the agent: a worker exited, or the wrapper received a signal. */
sealed interface AgentEvent {
    record Exited(WorkerExit exit) implements AgentEvent {}

    record Signalled(int signal) implements AgentEvent {}
}
