/**
 * What every backend shares: the communication thread that runs collectives in call order, the
 * group's health (the first failure, sticky), deadlines, and the reduction kernels.
 */
package org.ddpkit.comm.core;
