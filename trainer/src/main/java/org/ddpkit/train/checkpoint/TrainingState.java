package org.ddpkit.train.checkpoint;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.ddpkit.train.optim.OptimizerState;
import org.ddpkit.train.random.GeneratorState;

/**
 * Everything besides the weights that a run needs to continue bit for bit: the optimizer's
 * state, named counters (epoch, step, sampler position, scheduler epoch, ...), named random
 * generators and named real values (running sums such as a partial epoch's loss). As tensors
 * ({@link #toTensors}): {@code optimizer.step} (I64 scalar), {@code optimizer.lr} (F64 scalar),
 * {@code optimizer.state.<param>.<buffer>} (F32), {@code counters.<name>} (I64 scalar),
 * {@code generators.<name>} (I64 {@code [seed, counter]}), {@code values.<name>} (F64 scalar).
 *
 * @param optimizer  the optimizer's state, or null for a run without one
 * @param counters   progress counters by name
 * @param generators random generator states by name
 * @param values     real numbers by name, kept bit for bit
 */
public record TrainingState(OptimizerState optimizer, Map<String, Long> counters, Map<String, GeneratorState> generators,
                            Map<String, Double> values) {
    static final String OPTIMIZER_STEP = "optimizer.step";
    static final String OPTIMIZER_LR = "optimizer.lr";
    static final String OPTIMIZER_STATE = "optimizer.state.";
    static final String COUNTERS = "counters.";
    static final String GENERATORS = "generators.";
    static final String VALUES = "values.";

    public TrainingState {
        counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
        generators = Collections.unmodifiableMap(new LinkedHashMap<>(generators));
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        counters.forEach((k, v) -> checkName("counter", k, v));
        generators.forEach((k, v) -> checkName("generator", k, v));
        values.forEach((k, v) -> checkName("value", k, v));
    }

    /** A state without real values. */
    public TrainingState(OptimizerState optimizer, Map<String, Long> counters, Map<String, GeneratorState> generators) {
        this(optimizer, counters, generators, Map.of());
    }

    private static void checkName(String what, String name, Object value) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(what + " name: must be non-empty, got \"" + name + "\"");
        }
        Objects.requireNonNull(value, what + " " + name);
    }

    /** The counter {@code name}, or {@code otherwise} when there is none. */
    public long counter(String name, long otherwise) {
        return counters.getOrDefault(name, otherwise);
    }

    /** The value {@code name}, or {@code otherwise} when there is none. */
    public double value(String name, double otherwise) {
        return values.getOrDefault(name, otherwise);
    }

    /** This state as named tensors (copies of the optimizer's buffers are not made again). */
    public Map<String, StoredTensor> toTensors() {
        Map<String, StoredTensor> out = new LinkedHashMap<>();
        if (optimizer != null) {
            out.put(OPTIMIZER_STEP, StoredTensor.scalar(optimizer.step()));
            out.put(OPTIMIZER_LR, StoredTensor.scalar(optimizer.lr()));
            optimizer.buffers().forEach((k, v) -> out.put(OPTIMIZER_STATE + k, StoredTensor.f32(v, v.length)));
        }
        counters.forEach((k, v) -> out.put(COUNTERS + k, StoredTensor.scalar(v)));
        generators.forEach((k, g) -> out.put(GENERATORS + k, StoredTensor.i64(new long[] {g.seed(), g.counter()}, 2)));
        values.forEach((k, v) -> out.put(VALUES + k, StoredTensor.scalar(v)));
        return out;
    }

    /** The state that {@link #toTensors} wrote, read from {@code file}; every tensor must be one of its kinds. */
    public static TrainingState fromTensors(Path file, Map<String, StoredTensor> tensors) throws CheckpointException {
        Map<String, Long> counters = new LinkedHashMap<>();
        Map<String, GeneratorState> generators = new LinkedHashMap<>();
        Map<String, float[]> buffers = new LinkedHashMap<>();
        Map<String, Double> values = new LinkedHashMap<>();
        Long step = null;
        Double lr = null;
        for (Map.Entry<String, StoredTensor> e : tensors.entrySet()) {
            String k = e.getKey();
            StoredTensor t = e.getValue();
            if (k.equals(OPTIMIZER_STEP)) {
                step = expect(file, k, t, DType.I64).longs()[0];
            } else if (k.equals(OPTIMIZER_LR)) {
                lr = expect(file, k, t, DType.F64).doubles()[0];
            } else if (k.startsWith(OPTIMIZER_STATE) && k.length() > OPTIMIZER_STATE.length()) {
                buffers.put(k.substring(OPTIMIZER_STATE.length()), expect(file, k, t, DType.F32, t.count()).floats());
            } else if (k.startsWith(COUNTERS) && k.length() > COUNTERS.length()) {
                counters.put(k.substring(COUNTERS.length()), expect(file, k, t, DType.I64).longs()[0]);
            } else if (k.startsWith(GENERATORS) && k.length() > GENERATORS.length()) {
                long[] sc = expect(file, k, t, DType.I64, 2).longs();
                try {
                    generators.put(k.substring(GENERATORS.length()), new GeneratorState(sc[0], sc[1]));
                } catch (IllegalArgumentException bad) {
                    throw new CheckpointException(file, "tensor \"" + k + "\": " + bad.getMessage());
                }
            } else if (k.startsWith(VALUES) && k.length() > VALUES.length()) {
                values.put(k.substring(VALUES.length()), expect(file, k, t, DType.F64).doubles()[0]);
            } else {
                throw new CheckpointException(file, "tensor \"" + k + "\" is not part of a training state (expected "
                        + OPTIMIZER_STEP + ", " + OPTIMIZER_LR + ", " + OPTIMIZER_STATE + "*, " + COUNTERS + "*, " + GENERATORS + "*, "
                        + VALUES + "*)");
            }
        }
        OptimizerState optimizer = null;
        if (step != null || lr != null || !buffers.isEmpty()) {
            if (step == null || lr == null) {
                throw new CheckpointException(file, "optimizer state without " + (step == null ? OPTIMIZER_STEP : OPTIMIZER_LR));
            }
            try {
                optimizer = new OptimizerState(step, lr, buffers);
            } catch (IllegalArgumentException bad) {
                throw new CheckpointException(file, bad.getMessage());
            }
        }
        return new TrainingState(optimizer, counters, generators, values);
    }

    /** {@code t} when it has type {@code dtype} and shape {@code shape}, else an exception naming the entry. */
    private static StoredTensor expect(Path file, String name, StoredTensor t, DType dtype, int... shape) throws CheckpointException {
        if (t.dtype() != dtype || !Arrays.equals(t.shape(), shape)) {
            throw new CheckpointException(file, "tensor \"" + name + "\" is " + t + ", a training state needs "
                    + dtype + Arrays.toString(shape));
        }
        return t;
    }
}
