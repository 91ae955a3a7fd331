/** Measuring models: test loss and accuracy of a classifier over a data loader. */
package org.ddpkit.train.metrics;
