/**
 * Data-parallel training: {@link org.ddpkit.train.ddp.DistributedDataParallel} keeps one model
 * replica per rank in step, as PyTorch's {@code DistributedDataParallel} does. It copies rank 0's
 * parameters to every rank when it is built and, during each backward pass, averages the
 * gradients over the ranks in buckets ({@link org.ddpkit.train.ddp.BucketAssignment}) whose
 * all-reduce runs on the process group's thread while the rest of backward goes on.
 */
package org.ddpkit.train.ddp;
