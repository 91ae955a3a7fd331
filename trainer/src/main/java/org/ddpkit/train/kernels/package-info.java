/**
 * The compute kernels: a fixed thread pool with a deterministic static split, a strided GEMM
 * with register-tiled Vector API micro-kernels (the convolutions run through it without
 * im2col), and element-wise vector loops.
 */
package org.ddpkit.train.kernels;
