package org.ddpkit.jobgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ddpkit.jobgen.render.TemplateLocator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Template lookup (user path, then the site directory, then the built-ins), {@code --list-templates},
 * admins' templates with {@code --set} and partials, and the exit-65 errors for broken templates.
 */
class TemplateTest {
    @TempDir
    Path dir;
    private Path user;
    private Path site;
    private Map<String, String> env;

    @BeforeEach
    void dirs() throws IOException {
        user = Files.createDirectories(dir.resolve("user"));
        site = Files.createDirectories(dir.resolve("site"));
        env = Outcome.env(Map.of(TemplateLocator.PATH_VARIABLE, ":" + user + "::", TemplateLocator.SYSTEM_DIR_VARIABLE, site.toString()));
    }

    @Test
    void builtInsArePackaged() {
        assertEquals(List.of("salloc", "sbatch"), TemplateLocator.builtInNames());
    }

    @Test
    void userPathWinsOverSiteDirectoryWhichWinsOverBuiltIns() throws IOException {
        Files.writeString(site.resolve("sbatch.mustache"), "site {{nodes}}\n");
        assertEquals("site 3\n", render("--nodes", "3", "--", "cmd").out());
        Files.writeString(user.resolve("sbatch.mustache"), "user {{nodes}}\n");
        assertEquals("user 3\n", render("--nodes", "3", "--", "cmd").out());
        Files.writeString(site.resolve("salloc.mustache"), "site salloc\n");
        assertEquals("site salloc\n", render("--template", "salloc", "--", "cmd").out());
    }

    @Test
    void listShowsEveryTemplateInSearchOrderAndMarksOverriddenOnes() throws IOException {
        Files.writeString(user.resolve("sbatch.mustache"), "x");
        Files.writeString(site.resolve("sbatch.mustache"), "x");
        Files.writeString(site.resolve("cluster.mustache"), "x");
        Files.writeString(site.resolve("notes.txt"), "not a template");
        Outcome o = render("--list-templates");
        assertEquals(0, o.code(), o::describe);
        List<String> lines = o.out().lines().toList();
        assertEquals("Search order: --template FILE, " + user + ", " + site + ", built-in", lines.get(0));
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            rows.add(List.of(line.split("\\s+", 2)));
        }
        assertEquals(List.of(
                List.of("sbatch", user.resolve("sbatch.mustache").toString()),
                List.of("cluster", site.resolve("cluster.mustache").toString()),
                List.of("sbatch", site.resolve("sbatch.mustache") + "  (overridden by " + user.resolve("sbatch.mustache") + ")"),
                List.of("salloc", "built-in"),
                List.of("sbatch", "built-in  (overridden by " + user.resolve("sbatch.mustache") + ")")), rows);
    }

    @Test
    void templateGivenAsFileSkipsTheSearch() throws IOException {
        Path file = Files.writeString(dir.resolve("custom.mustache"), "custom {{jobName}}\n");
        assertEquals("custom cmd\n", render("--template", file.toString(), "--", "cmd").out());
    }

    @Test
    void adminTemplatesGetSetVariablesRawAndQuoted() throws IOException {
        Files.writeString(site.resolve("site.mustache"), """
                #SBATCH --reservation={{set.reservation}}
                {{#set.gres}}#SBATCH --gres={{set.gres}}
                {{/set.gres}}
                echo {{setQuoted.motd}}
                """);
        Outcome o = render("--template", "site", "--set", "reservation=maint", "--set", "motd=it's a $day", "--", "cmd");
        assertEquals(0, o.code(), o::describe);
        assertEquals("#SBATCH --reservation=maint\necho 'it'\\''s a $day'\n", o.out());
    }

    @Test
    void partialsAreFoundBesideTheTemplateThenInTheSearchOrder() throws IOException {
        Path own = Files.createDirectories(dir.resolve("own"));
        Files.writeString(own.resolve("main.mustache"), "{{> header}}{{> footer}}");
        Files.writeString(own.resolve("header.mustache"), "header {{nodes}}\n");
        Files.writeString(site.resolve("footer.mustache"), "footer {{worldSize}}\n");
        Outcome o = render("--template", own.resolve("main.mustache").toString(), "--nodes", "2", "--", "cmd");
        assertEquals("header 2\nfooter 2\n", o.out(), o::describe);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown variable     | line one\\n{{nodez}}\\n       | :2: unknown variable "nodez" (templates/README.md lists the variables)
            unknown section      | {{#gpuz}}x{{/gpuz}}          | :1: unknown variable "gpuz" (templates/README.md lists the variables)
            unclosed section     | a\\n{{#nodes}}\\nb\\n        | :
            mismatched close     | {{#nodes}}x{{/gpus}}         | :1:
            unclosed tag         | a\\nb {{nodes\\n             | :
            missing partial      | {{> nope}}                   | : partial "nope" not found (partials are looked up like templates)
            """)
    void brokenTemplatesExit65NamingFileAndLine(String what, String text, String expected) throws IOException {
        Path file = Files.writeString(dir.resolve("broken.mustache"), text.replace("\\n", "\n"));
        Outcome o = render("--template", file.toString(), "--", "cmd");
        assertEquals(65, o.code(), o::describe);
        assertEquals("", o.out());
        String prefix = "jobgen: " + file + expected;
        assertTrue(o.err().startsWith(prefix), () -> what + ": expected a message starting with\n" + prefix + "\ngot\n" + o.err());
        assertEquals(1, o.err().lines().count(), o::describe);
        assertTrue(o.err().matches("(?s)jobgen: " + java.util.regex.Pattern.quote(file.toString()) + "(:\\d+)?: .+"), o::describe);
    }

    private Outcome render(String... args) {
        return Outcome.run(env, List.of(args));
    }
}
