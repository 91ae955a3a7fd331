/** The PyTorch DDP tutorial demos, in Java. */
package org.ddpkit.examples;
