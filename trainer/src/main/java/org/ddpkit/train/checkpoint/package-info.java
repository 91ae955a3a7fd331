/**
 * Checkpoint files: the safetensors format ({@link org.ddpkit.train.checkpoint.SafetensorsReader},
 * {@link org.ddpkit.train.checkpoint.SafetensorsWriter}), written atomically with a SHA-256
 * over the whole file ({@link org.ddpkit.train.checkpoint.AtomicFile}); a model's state dict as
 * one file ({@link org.ddpkit.train.checkpoint.StateDictFile}) with DDP's {@code module.} key
 * prefix handled by {@link org.ddpkit.train.checkpoint.ModulePrefix}; and training snapshots
 * (model, optimizer, counters, random generators) as a directory whose {@code model.safetensors}
 * PyTorch loads alone ({@link org.ddpkit.train.checkpoint.SnapshotDir}). docs/checkpoints.md
 * describes the layout and the guarantees.
 */
package org.ddpkit.train.checkpoint;
