package org.ddpkit.jobgen.render;

import com.github.mustachejava.Binding;
import com.github.mustachejava.Code;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.TemplateContext;
import com.github.mustachejava.codes.IterableCode;
import com.github.mustachejava.codes.ValueCode;
import com.github.mustachejava.reflect.SimpleObjectHandler;
import java.util.Set;

/**
 * Mustache's map lookups, plus a check made while a template compiles: every variable and
 * section must name a variable the render model has ({@code .} and dotted names are checked by
 * their first part). A typo in an admin's template is then an error that names its line, not
 * an empty value in a job script.
 */
final class StrictObjectHandler extends SimpleObjectHandler {
    private final Set<String> known;

    StrictObjectHandler(Set<String> known) {
        this.known = Set.copyOf(known);
    }

    @Override
    public Binding createBinding(String name, TemplateContext tc, Code code) {
        if ((code instanceof ValueCode || code instanceof IterableCode) && name != null && !name.equals(".")) {
            int dot = name.indexOf('.');
            String head = dot < 0 ? name : name.substring(0, dot);
            if (!known.contains(head)) {
                throw new MustacheException("unknown variable \"" + name + "\" (templates/README.md lists the variables)", tc);
            }
        }
        return super.createBinding(name, tc, code);
    }
}
