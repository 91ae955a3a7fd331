package org.ddpkit.examples.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.ddpkit.examples.cli.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --save-every} and {@code --timeout} on the command line: forms, defaults and one-line errors. */
class SaveEveryTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "200,       200,    false",
        "1epoch,    1,      true",
        "3epochs,   3,      true",
        "' 2 Epochs', 2,    true",
    })
    void forms(String text, int count, boolean epochs) {
        assertEquals(new SaveEvery(count, epochs), SaveEvery.parse(text));
    }

    @Test
    void dueAfterEveryNthStepOrEpoch() {
        SaveEvery steps = SaveEvery.parse("3");
        assertEquals(List.of(3L, 6L, 9L), due(steps));
        SaveEvery epochs = SaveEvery.parse("2epochs");
        assertEquals(List.of(), due(epochs), "an epoch interval never falls on a step");
        assertEquals(List.of(false, true, false, true), List.of(epochs.afterEpoch(1), epochs.afterEpoch(2), epochs.afterEpoch(3),
                epochs.afterEpoch(4)));
    }

    private static List<Long> due(SaveEvery e) {
        List<Long> out = new ArrayList<>();
        for (long s = 1; s <= 10; s++) {
            if (e.afterStep(s)) {
                out.add(s);
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--save-every 0 --snapshot s       | --save-every: must be ≥ 1, got \"0\"",
        "--save-every 2days --snapshot s   | --save-every: must be N (training steps) or Nepoch(s), got \"2days\"",
        "--save-every 5                    | --save-every: needs --snapshot DIR (where to save), got \"5\"",
        "--timeout 0                       | --timeout: must be ≥ 1, got \"0\"",
        "--timeout soon                    | --timeout: must be an integer, got \"soon\"",
    })
    void badValuesAreOneLineUsageErrors(String args, String message) {
        UsageException e = assertThrows(UsageException.class, () -> CnnOptions.parse(List.of(args.trim().split("\\s+"))));
        assertEquals(message, e.getMessage());
    }

    @Test
    void defaults() throws UsageException {
        CnnOptions o = CnnOptions.parse(List.of("--snapshot", "s"));
        assertEquals(SaveEvery.EPOCH, o.saveEvery());
        assertEquals(300, o.timeout());
        assertEquals(java.util.Optional.empty(), o.saveModelFile());
    }
}
