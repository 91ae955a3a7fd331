/**
 * Optimizers with PyTorch's update rules (SGD with momentum and weight decay, Adadelta, Adam)
 * and the StepLR schedule. Updates are element-wise vector loops split over the compute pool;
 * their state can be captured and restored exactly.
 */
package org.ddpkit.train.optim;
