package org.ddpkit.jobgen;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What an in-process jobgen run left: exit status, stdout, stderr. Runs {@link Jobgen} with a
 * literal environment, which is how most tests drive the whole CLI quickly.
 */
record Outcome(int code, String out, String err) {
    /**
     * The environment tests use unless they need more: an installed bin dir, no template path,
     * and a site template directory that does not exist (so /etc/ddpkit/templates cannot leak in).
     */
    static final Map<String, String> ENV = Map.of(Jobgen.BIN_DIR_VARIABLE, "/opt/ddpkit/bin", "PATH", "/usr/bin:/bin",
            "JOBGEN_SYSTEM_TEMPLATES", "/nonexistent/ddpkit-test/templates");

    /** {@link #ENV} plus {@code more}. */
    static Map<String, String> env(Map<String, String> more) {
        Map<String, String> env = new java.util.HashMap<>(ENV);
        env.putAll(more);
        return env;
    }

    static Outcome run(String... args) {
        return run(ENV, List.of(args));
    }

    static Outcome run(Map<String, String> env, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int code = new Jobgen(env, o, e).run(args);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    /** For assertion messages. */
    String describe() {
        return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
