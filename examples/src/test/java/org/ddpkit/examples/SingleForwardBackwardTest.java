package org.ddpkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one-process demo prints the loss, every parameter's gradient norm, and a lower loss after the step. */
class SingleForwardBackwardTest {
    @Test
    void printsLossGradientNormsAndTheLossAfterTheStep() {
        MainTest.Run r = MainTest.run(Map.of(), "single-forward-backward", "--seed", "3");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(6, lines.size(), r.out());
        assertTrue(lines.get(0).matches("loss: \\d+\\.\\d{6}"), lines.get(0));
        List<String> names = List.of("net1.weight", "net1.bias", "net2.weight", "net2.bias");
        for (int i = 0; i < names.size(); i++) {
            String l = lines.get(i + 1);
            assertTrue(l.matches(java.util.regex.Pattern.quote(names.get(i)) + " grad norm: \\d+\\.\\d{6}"), l);
            assertTrue(Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) > 0, l);
        }
        double before = Double.parseDouble(lines.get(0).substring(6));
        double after = Double.parseDouble(lines.get(5).substring(lines.get(5).lastIndexOf(' ') + 1));
        assertTrue(after < before, "one SGD step lowers the loss on its own batch: " + before + " → " + after);
        assertEquals(r.out(), MainTest.run(Map.of(), "single-forward-backward", "--seed", "3").out(), "same seed, same output");
    }
}
