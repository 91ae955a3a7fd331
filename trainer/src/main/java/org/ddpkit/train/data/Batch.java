package org.ddpkit.train.data;

import org.ddpkit.train.tensor.Tensor;

/**
 * One batch from a {@link DataLoader}: normalised images {@code [size, C, H, W]}, their labels
 * and dataset indices. The loader reuses the batch's memory for the next batch.
 *
 * @param images  the images
 * @param labels  one class per image (the first {@code size} entries)
 * @param indices the dataset index of each image
 * @param number  the batch's position in its epoch, from 0
 */
public record Batch(Tensor images, int[] labels, int[] indices, int number) {
    public int size() {
        return images.dim(0);
    }
}
