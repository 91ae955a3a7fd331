package org.ddpkit.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ddpkit.testkit.JavaCommand;

/** The checkout's bin/ launchers, which run the jars that {@code make} gathered in lib/. */
public final class Launchers {
    private Launchers() {}

    /** The absolute path of {@code bin/NAME} in the checkout. */
    public static String bin(String name) {
        return JavaCommand.repoRoot().resolve("bin").resolve(name).toString();
    }

    /**
     * Fails (never skips: a build step is missing, not a machine feature) unless lib/ holds the
     * jars of the launchers, at least as new as this module's packaged jar.
     */
    public static void requireBuilt() {
        Path root = JavaCommand.repoRoot();
        Path lib = root.resolve("lib");
        for (String jar : new String[] {"examples-0.1.0.jar", "trainer-0.1.0.jar", "srun-wrapper-0.1.0.jar", "jfreechart-1.5.6.jar"}) {
            if (!Files.isRegularFile(lib.resolve(jar))) {
                throw new AssertionError(lib.resolve(jar) + " is missing: these tests run bin/ddp-example and bin/srun-wrapper,"
                        + " which use the jars in lib/; run make in " + root + " first");
            }
        }
        try {
            Path built = root.resolve("examples/target/examples-0.1.0.jar");
            if (Files.isRegularFile(built)
                    && Files.getLastModifiedTime(lib.resolve("examples-0.1.0.jar")).compareTo(Files.getLastModifiedTime(built)) < 0) {
                throw new AssertionError(lib + " is older than " + built + ": run make (or make lib) first");
            }
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot check " + lib + ": " + e.getMessage(), e);
        }
    }
}
