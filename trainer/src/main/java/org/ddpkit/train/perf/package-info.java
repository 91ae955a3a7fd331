/** {@code train-perf}: times training steps of the demo models on synthetic data. */
package org.ddpkit.train.perf;
