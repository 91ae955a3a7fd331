package org.ddpkit.launch.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.ddpkit.launch.slurm.SlurmField;
import org.ddpkit.testkit.JavaCommand;
import org.junit.jupiter.api.Test;

/** docs/srun-wrapper.md keeps up with the code: every option and every SLURM variable read is documented. */
class DocsTest {
    static String doc() throws IOException {
        return Files.readString(JavaCommand.repoRoot().resolve("docs/srun-wrapper.md"));
    }

    @Test
    void everyOptionIsDocumented() throws IOException {
        String doc = doc();
        for (String name : ConfigParser.longNames()) {
            if (!name.equals("help") && !name.equals("version") && !name.equals("no-python")) {
                assertTrue(doc.contains("--" + name), "docs/srun-wrapper.md does not mention --" + name);
            }
        }
    }

    @Test
    void everySlurmVariableOfTheTableIsDocumented() throws IOException {
        String doc = doc();
        for (SlurmField f : SlurmField.values()) {
            for (String v : f.variables()) {
                assertTrue(doc.contains("`" + v + "`"), "docs/srun-wrapper.md does not list " + v + " (" + f + ")");
            }
        }
    }
}
