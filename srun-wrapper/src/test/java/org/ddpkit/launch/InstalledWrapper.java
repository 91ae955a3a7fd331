package org.ddpkit.launch;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * {@code bin/srun-wrapper} of the checkout, for tests that run it inside SLURM jobs. It runs
 * the jars under {@code lib/}, which {@code make} fills: these tests fail with a clear message
 * when {@code lib/} is missing or holds another build of this module than {@code target/classes}.
 */
public final class InstalledWrapper {
    private InstalledWrapper() {}

    public static Path require(Path repoRoot) {
        Path bin = repoRoot.resolve("bin/srun-wrapper");
        Path jar = repoRoot.resolve("lib/srun-wrapper-0.1.0.jar");
        if (!Files.isExecutable(bin)) {
            fail(bin + " is missing or not executable");
        }
        if (!Files.isRegularFile(jar)) {
            fail(jar + " is missing: run 'make' in " + repoRoot + " first (it fills lib/, which bin/srun-wrapper runs)");
        }
        Path classes = repoRoot.resolve("srun-wrapper/target/classes");
        try (JarFile j = new JarFile(jar.toFile()); Stream<Path> files = Files.walk(classes)) {
            List<Path> mine = files.filter(p -> p.toString().endsWith(".class")).toList();
            for (Path c : mine) {
                String entry = classes.relativize(c).toString();
                var e = j.getJarEntry(entry);
                if (e == null || !Arrays.equals(j.getInputStream(e).readAllBytes(), Files.readAllBytes(c))) {
                    fail(jar + " is not the build in " + classes + " (" + entry + " differs): run 'make' (or 'make lib') "
                            + "so that the SLURM jobs run the code under test");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bin;
    }

    /** {@code word} quoted for bash. */
    public static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
