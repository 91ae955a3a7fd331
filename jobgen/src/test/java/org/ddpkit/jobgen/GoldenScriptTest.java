package org.ddpkit.jobgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rendered scripts, byte for byte, against golden files in src/test/resources/golden/.
 * After an intended change, re-record them with
 * {@code mvn -pl jobgen test -Dtest=GoldenScriptTest -Djobgen.golden.update=true} and review the diff.
 */
class GoldenScriptTest {
    static final Path GOLDEN_DIR = Path.of(System.getProperty("jobgen.golden.dir", "src/test/resources/golden"));
    private static final boolean UPDATE = Boolean.getBoolean("jobgen.golden.update");

    static Stream<Arguments> cases() {
        return GoldenScripts.CASES.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scriptMatchesGoldenFile(String name, List<String> args) throws IOException {
        Outcome o = Outcome.run(Outcome.ENV, args);
        assertEquals(0, o.code(), o::describe);
        assertEquals("", o.err());
        String script = withoutVersion(o.out());
        Path golden = GOLDEN_DIR.resolve(name + ".sh");
        if (UPDATE) {
            Files.createDirectories(GOLDEN_DIR);
            Files.writeString(golden, script, StandardCharsets.UTF_8);
            return;
        }
        String expected = Files.exists(golden) ? Files.readString(golden, StandardCharsets.UTF_8) : "(no golden file " + golden + ")";
        assertEquals(expected, script, () -> "jobgen " + String.join(" ", args) + " renders differently from " + golden
                + ". If the change is intended, re-record the golden files with:\n"
                + "  mvn -pl jobgen test -Dtest=GoldenScriptTest -Djobgen.golden.update=true\nand review the diff.");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Timeout(30)
    void scriptIsValidBash(String name, List<String> args) throws Exception {
        Outcome o = Outcome.run(Outcome.ENV, args);
        Process p = new ProcessBuilder("bash", "-n").redirectErrorStream(true).start();
        p.getOutputStream().write(o.out().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(20, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), () -> "bash -n rejects the " + name + " script: " + out + "\n" + o.out());
    }

    /** The version in the header changes with every release; golden files say VERSION. */
    static String withoutVersion(String script) {
        return script.replace("jobgen " + Jobgen.version() + ":", "jobgen VERSION:");
    }
}
