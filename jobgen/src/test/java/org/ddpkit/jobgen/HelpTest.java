package org.ddpkit.jobgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code --help} documents every option with its default. */
class HelpTest {
    private static final String HELP = Outcome.run("--help").out();

    @ParameterizedTest
    @EnumSource(Flag.class)
    void everyOptionIsListedWithItsArgumentAndDefault(Flag flag) {
        String usage = "  " + flag.display() + (flag.takesValue() ? " " + flag.argName : "");
        assertTrue(HELP.contains(usage + " ") || HELP.contains(usage + "\n"), () -> "help lists " + usage + "\n" + HELP);
        if (flag.defaultText != null) {
            String block = HELP.substring(HELP.indexOf(usage));
            block = block.substring(0, block.indexOf("\n  --") < 0 ? block.length() : block.indexOf("\n  --"));
            String unwrapped = block.replaceAll("\\s+", " ");
            assertTrue(unwrapped.contains("(default: " + flag.defaultText + ")"), () -> "help shows the default of " + flag.display());
        }
    }

    @Test
    void wrapperDefaultIsTheSrunWrapperBesideJobgen() {
        assertTrue(HELP.replaceAll("\\s+", " ").contains("(default: /opt/ddpkit/bin/srun-wrapper)"), HELP);
    }

    @Test
    void linesFitInAHundredColumns() {
        HELP.lines().forEach(l -> assertTrue(l.length() <= 100, () -> "too long: " + l));
    }

    @Test
    void helpWinsOverEverythingElseAndShortFormsWork() {
        assertEquals(HELP, Outcome.run("--nodes", "2", "-h").out());
        assertEquals("jobgen " + Jobgen.version() + "\n", Outcome.run("-V").out());
        assertEquals(EnumSet.allOf(Flag.class).size(), Flag.values().length);
    }
}
