/**
 * Reproducible random numbers: a counter-based generator whose whole state is two numbers, so
 * it can be saved in a snapshot and restored, and whose {@code n}-th draw can be computed
 * without the ones before it (parallel dropout masks do not depend on the thread count).
 */
package org.ddpkit.train.random;
