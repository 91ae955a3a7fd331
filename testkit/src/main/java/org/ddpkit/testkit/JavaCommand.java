package org.ddpkit.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines that start a fresh JVM running one of the project's main classes with the
 * current test classpath, so tests exercise real processes instead of threads.
 */
public final class JavaCommand {
    private JavaCommand() {}

    /** The JVM flags every ddpkit JVM gets (see libexec/ddpkit/run-java). */
    public static final List<String> JVM_FLAGS = List.of(
            "--add-modules", "jdk.incubator.vector",
            "--enable-native-access=ALL-UNNAMED",
            "-XX:+UseSerialGC");

    /** {@code java <flags> -cp <test classpath> mainClass args...}. */
    public static List<String> of(String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBin().toString());
        cmd.addAll(JVM_FLAGS);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    public static List<String> of(Class<?> mainClass, String... args) {
        return of(mainClass.getName(), List.of(args));
    }

    /** The {@code java} launcher of the JVM running the tests. */
    public static Path javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * The checkout's root directory: the {@code ddpkit.root} system property that surefire
     * sets, else the nearest parent of the working directory holding {@code scripts/bootstrap}.
     */
    public static Path repoRoot() {
        String prop = System.getProperty("ddpkit.root");
        if (prop != null && Files.isRegularFile(Path.of(prop, "scripts", "bootstrap"))) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("scripts/bootstrap"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the ddpkit checkout root from " + Path.of("").toAbsolutePath());
    }
}
