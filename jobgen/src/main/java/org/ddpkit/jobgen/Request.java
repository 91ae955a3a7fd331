package org.ddpkit.jobgen;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import org.ddpkit.jobgen.spec.JobSpec;

/**
 * What one jobgen run is asked to do, parsed from its arguments.
 *
 * @param action   what to do
 * @param spec     the job (null for {@code --help}, {@code --version}, {@code --list-templates})
 * @param template {@code --template}: a name or a file
 * @param vars     {@code --set} pairs, in the order given
 * @param args     jobgen's arguments as given, for the script's header
 */
record Request(Action action, JobSpec spec, String template, SequencedMap<String, String> vars, List<String> args) {
    /** What to do, most specific first: a help request wins over everything else. */
    enum Action { HELP, VERSION, LIST_TEMPLATES, RENDER, SUBMIT }

    Request {
        if ((spec == null) == (action == Action.RENDER || action == Action.SUBMIT)) {
            throw new IllegalArgumentException("a job spec is needed exactly when rendering or submitting");
        }
        vars = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(vars));
        args = List.copyOf(args);
    }
}
