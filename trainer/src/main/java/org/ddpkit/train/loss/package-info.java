/** Loss functions with their gradients: NLL, cross-entropy and mean squared error. */
package org.ddpkit.train.loss;
