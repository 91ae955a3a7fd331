/** The models of the demos: the DDP tutorial's ToyModel and pytorch/examples' MNIST CNN. */
package org.ddpkit.train.models;
