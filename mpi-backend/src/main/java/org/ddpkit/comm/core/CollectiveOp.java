package org.ddpkit.comm.core;

/** The body of one collective, run on the communication thread with its deadline. */
@FunctionalInterface
public interface CollectiveOp {
    void run(Deadline deadline) throws Exception;
}
