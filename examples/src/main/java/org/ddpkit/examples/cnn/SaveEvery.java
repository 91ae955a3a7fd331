package org.ddpkit.examples.cnn;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --save-every}: how often rank 0 writes a snapshot, in training steps ({@code 200}) or
 * in epochs ({@code 1epoch}, {@code 2epochs}).
 *
 * @param count  the interval, at least 1
 * @param epochs true for epochs, false for steps
 */
public record SaveEvery(int count, boolean epochs) {
    /** The default: after every epoch. */
    public static final SaveEvery EPOCH = new SaveEvery(1, true);
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})\\s*(epochs?)?");

    public SaveEvery {
        if (count < 1) {
            throw new IllegalArgumentException("--save-every: must be ≥ 1, got \"" + count + (epochs ? "epochs" : "") + "\"");
        }
    }

    /** Parses {@code N}, {@code Nepoch} or {@code Nepochs}. */
    public static SaveEvery parse(String text) {
        Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("--save-every: must be N (training steps) or Nepoch(s), got \"" + text + "\"");
        }
        int n = Integer.parseInt(m.group(1));
        if (n < 1) {
            throw new IllegalArgumentException("--save-every: must be ≥ 1, got \"" + text + "\"");
        }
        return new SaveEvery(n, m.group(2) != null);
    }

    /** Whether a snapshot is due after global training step {@code step} (counted from 1 over all epochs). */
    public boolean afterStep(long step) {
        return !epochs && step % count == 0;
    }

    /** Whether a snapshot is due after epoch {@code epoch} (from 1). */
    public boolean afterEpoch(int epoch) {
        return epochs && epoch % count == 0;
    }

    @Override
    public String toString() {
        return epochs ? count + (count == 1 ? "epoch" : "epochs") : Integer.toString(count);
    }
}
