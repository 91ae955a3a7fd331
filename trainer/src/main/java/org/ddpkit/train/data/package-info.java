/**
 * Data: the IDX file format of MNIST and Fashion-MNIST (plain or gzip, strictly checked), the
 * datasets, normalisation, samplers with PyTorch's semantics (including
 * {@link org.ddpkit.train.data.DistributedSampler}), a batching loader, and a resumable,
 * checksummed downloader.
 */
package org.ddpkit.train.data;
