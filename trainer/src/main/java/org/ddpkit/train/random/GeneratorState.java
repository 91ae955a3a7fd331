package org.ddpkit.train.random;

/**
 * The whole state of a {@link Generator}: its seed and how many draws it has made.
 *
 * @param seed    the seed it was created with
 * @param counter draws made so far (the next draw is number {@code counter})
 */
public record GeneratorState(long seed, long counter) {
    public GeneratorState {
        if (counter < 0) {
            throw new IllegalArgumentException("generator counter: must be ≥ 0, got \"" + counter + "\"");
        }
    }
}
