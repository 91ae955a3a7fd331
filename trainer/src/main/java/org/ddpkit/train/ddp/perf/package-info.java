/** {@code ddp-perf}: what overlapping gradient all-reduce with backward gains, measured on real ranks. */
package org.ddpkit.train.ddp.perf;
