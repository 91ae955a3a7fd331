package org.ddpkit.jobgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ddpkit.jobgen.render.RenderModel;
import org.ddpkit.testkit.JavaCommand;
import org.junit.jupiter.api.Test;

/** templates/README.md documents exactly the variables a template can use. */
class TemplateDocsTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([A-Za-z.]+)`(?: / `([A-Za-z]+)`)? \\|", Pattern.MULTILINE);

    @Test
    void readmeDocumentsEveryVariableAndNoOther() throws IOException {
        String readme = Files.readString(JavaCommand.repoRoot().resolve("templates/README.md"));
        Set<String> documented = new TreeSet<>();
        Matcher m = ROW.matcher(readme);
        while (m.find()) {
            String name = m.group(1);
            if (name.endsWith(".KEY")) {
                documented.add(name.substring(0, name.length() - 4));
            } else if (name.contains(".")) {
                documented.add(name.substring(name.indexOf('.') + 1));
            } else {
                documented.add(name);
            }
        }
        documented.remove("sbatch"); // the table of built-in templates
        documented.remove("salloc");
        Set<String> model = new TreeSet<>(sampleModel().variableNames());
        assertEquals(model, documented, "templates/README.md must document every render-model variable, and only those");
    }

    @Test
    void readmeListsTheBuiltInTemplates() throws IOException {
        String readme = Files.readString(JavaCommand.repoRoot().resolve("templates/README.md"));
        for (String name : org.ddpkit.jobgen.render.TemplateLocator.builtInNames()) {
            assertTrue(readme.contains("| `" + name + "`"), "README lists built-in " + name);
        }
    }

    static RenderModel sampleModel() {
        Request r = CliParser.parse(List.of("--nodes", "2", "--gpus", "2", "--", "cmd"), "srun-wrapper");
        return RenderModel.of(r.spec(), new LinkedHashMap<>(), r.args(), "test");
    }
}
