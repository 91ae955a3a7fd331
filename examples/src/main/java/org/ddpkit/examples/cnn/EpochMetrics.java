package org.ddpkit.examples.cnn;

import java.util.Locale;
/**
 * One epoch's figures, a row of {@code metrics.csv}.
 *
 * @param epoch        the epoch's number, from 1
 * @param trainLoss    mean training loss of the epoch, averaged over the ranks
 * @param testLoss     mean test loss after the epoch
 * @param testAccuracy fraction of the test set classified right after the epoch
 * @param lr           the learning rate the epoch trained with
 * @param seconds      the epoch's training time (without evaluation)
 * @param samplesPerS  training samples per second, all ranks together
 */
public record EpochMetrics(int epoch, double trainLoss, double testLoss, double testAccuracy, double lr, double seconds,
                           double samplesPerS) {
    public static final String HEADER = "epoch,train_loss,test_loss,test_accuracy,lr,seconds,samples_per_s";

    public EpochMetrics {
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch: must be ≥ 1, got \"" + epoch + "\"");
        }
    }

    public String csv() {
        return String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6g,%.3f,%.1f", epoch, trainLoss, testLoss, testAccuracy, lr,
                seconds, samplesPerS);
    }

    /** Parses a row written by {@link #csv()}. */
    public static EpochMetrics parse(String row) {
        String[] f = row.split(",");
        if (f.length != 7) {
            throw new IllegalArgumentException("metrics row needs 7 fields (" + HEADER + "), got \"" + row + "\"");
        }
        return new EpochMetrics(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]));
    }
}
