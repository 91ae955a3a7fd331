package org.ddpkit.jobgen.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import java.util.regex.Pattern;

/**
 * What the script does before srun, in this order: {@code module load} each module, export
 * each variable, run each setup line.
 *
 * @param modules {@code --module}, in the order given
 * @param env     {@code --env KEY=VALUE}, in the order given (a later KEY replaces an earlier one)
 * @param setup   {@code --setup}, shell lines run as written
 */
public record JobEnvironment(List<String> modules, SequencedMap<String, String> env, List<String> setup) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public JobEnvironment {
        modules = List.copyOf(modules);
        for (String m : modules) {
            if (m.isBlank() || DirectiveText.hasControl(m) || DirectiveText.hasWhitespace(m)) {
                throw InvalidSpecException.badValue("--module", m,
                        "is not a module name (no spaces or control characters; give one module per --module)");
            }
        }
        for (var e : env.entrySet()) {
            if (!NAME.matcher(e.getKey()).matches()) {
                throw InvalidSpecException.badValue("--env", e.getKey() + "=" + e.getValue(),
                        "does not start with a variable name (letters, digits and _, not starting with a digit)");
            }
            if (e.getValue().indexOf('\0') >= 0) {
                throw InvalidSpecException.badValue("--env", e.getKey() + "=" + e.getValue(), "contains a NUL character");
            }
        }
        env = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(env));
        setup = List.copyOf(setup);
        for (String line : setup) {
            if (line.isBlank()) {
                throw InvalidSpecException.badValue("--setup", line, "is empty");
            }
            if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0 || line.indexOf('\0') >= 0) {
                throw InvalidSpecException.badValue("--setup", line,
                        "spans several lines; give one line per --setup");
            }
        }
    }

    /** True when {@code name} can be exported from a shell script. */
    public static boolean isVariableName(String name) {
        return NAME.matcher(name).matches();
    }
}
