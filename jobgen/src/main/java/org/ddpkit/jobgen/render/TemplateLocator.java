package org.ddpkit.jobgen.render;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Finds templates by name in the search order of DESIGN.md: each directory of
 * {@code $JOBGEN_TEMPLATE_PATH}, then {@code /etc/ddpkit/templates}, then the built-ins packaged
 * in jobgen's jar (from the checkout's templates/). The first template of a name wins, so a
 * cluster admin overrides {@code sbatch} by dropping an {@code sbatch.mustache} there.
 * {@code --template FILE} (a value with a {@code /} or ending in .mustache) skips the search.
 */
public final class TemplateLocator {
    /** The site-wide template directory. */
    public static final Path SYSTEM_DIR = Path.of("/etc/ddpkit/templates");
    /** Moves the site-wide directory elsewhere (an install that does not use /etc; tests). */
    public static final String SYSTEM_DIR_VARIABLE = "JOBGEN_SYSTEM_TEMPLATES";
    /** The environment variable with extra template directories, searched first. */
    public static final String PATH_VARIABLE = "JOBGEN_TEMPLATE_PATH";
    /** Where the built-ins are on the class path. */
    static final String BUILT_IN_DIR = "org/ddpkit/jobgen/templates/";

    private final List<Path> dirs;

    /** A locator searching {@code dirs} in order, then the built-ins. */
    public TemplateLocator(List<Path> dirs) {
        this.dirs = List.copyOf(dirs);
    }

    /**
     * The directories of {@code $JOBGEN_TEMPLATE_PATH} (empty entries skipped), then
     * {@code $JOBGEN_SYSTEM_TEMPLATES} or else {@link #SYSTEM_DIR}.
     */
    public static List<Path> searchDirs(Map<String, String> env) {
        List<Path> dirs = new ArrayList<>();
        String path = env.getOrDefault(PATH_VARIABLE, "");
        for (String d : path.split(":")) {
            if (!d.isEmpty()) {
                dirs.add(Path.of(d));
            }
        }
        String system = env.get(SYSTEM_DIR_VARIABLE);
        dirs.add(system == null || system.isEmpty() ? SYSTEM_DIR : Path.of(system));
        return dirs;
    }

    /** The searched directories, in order (the built-ins come after them). */
    public List<Path> dirs() {
        return dirs;
    }

    /**
     * The template {@code ref} names: a file when it holds a {@code /} or ends in
     * {@code .mustache}, else the first template of that name in the search order.
     */
    public TemplateSource resolve(String ref) {
        if (ref.contains("/") || ref.endsWith(TemplateSource.EXTENSION)) {
            Path file = Path.of(ref);
            if (!Files.isRegularFile(file)) {
                throw new TemplateException(ref + ": no such template file (--template)");
            }
            return TemplateSource.ofFile(file);
        }
        if (!ref.matches("[A-Za-z0-9_.-]+")) {
            throw new TemplateException("--template: \"" + ref + "\" is neither a template name nor a file path");
        }
        Optional<TemplateSource> found = find(ref);
        if (found.isEmpty()) {
            throw new TemplateException("--template: no template named \"" + ref
                    + "\" in " + placesText() + " (jobgen --list-templates shows them all)");
        }
        return found.get();
    }

    /** The first template called {@code name} in the search order. */
    public Optional<TemplateSource> find(String name) {
        for (Path dir : dirs) {
            Path f = dir.resolve(name + TemplateSource.EXTENSION);
            if (Files.isRegularFile(f)) {
                return Optional.of(TemplateSource.ofFile(f));
            }
        }
        if (TemplateLocator.class.getClassLoader().getResource(BUILT_IN_DIR + name + TemplateSource.EXTENSION) != null) {
            return Optional.of(TemplateSource.builtIn(name));
        }
        return Optional.empty();
    }

    /** A template found by {@link #list}, and the one that hides it (if any). */
    public record Listing(TemplateSource source, Optional<TemplateSource> overriddenBy) {}

    /** Every template in search order, each place's names sorted; later ones of a name are marked overridden. */
    public List<Listing> list() {
        List<Listing> out = new ArrayList<>();
        Map<String, TemplateSource> first = new HashMap<>();
        List<TemplateSource> all = new ArrayList<>();
        for (Path dir : dirs) {
            all.addAll(filesIn(dir));
        }
        for (String name : builtInNames()) {
            all.add(TemplateSource.builtIn(name));
        }
        for (TemplateSource t : all) {
            TemplateSource winner = first.putIfAbsent(t.name(), t);
            out.add(new Listing(t, Optional.ofNullable(winner)));
        }
        return out;
    }

    private static List<TemplateSource> filesIn(Path dir) {
        List<TemplateSource> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + TemplateSource.EXTENSION)) {
            for (Path f : files) {
                if (Files.isRegularFile(f)) {
                    found.add(TemplateSource.ofFile(f));
                }
            }
        } catch (IOException e) {
            throw new TemplateException(dir + ": cannot list templates: " + e.getMessage());
        }
        found.sort((a, b) -> a.name().compareTo(b.name()));
        return found;
    }

    /** The names of the built-in templates, read from jobgen's jar (or classes directory). */
    public static List<String> builtInNames() {
        TreeSet<String> names = new TreeSet<>();
        try {
            Path where = Path.of(TemplateLocator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(where)) {
                for (TemplateSource t : filesIn(where.resolve(BUILT_IN_DIR))) {
                    names.add(t.name());
                }
            } else {
                try (ZipFile jar = new ZipFile(where.toFile())) {
                    Enumeration<? extends ZipEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        String e = entries.nextElement().getName();
                        if (e.startsWith(BUILT_IN_DIR) && e.endsWith(TemplateSource.EXTENSION)
                                && e.indexOf('/', BUILT_IN_DIR.length()) < 0) {
                            names.add(e.substring(BUILT_IN_DIR.length(), e.length() - TemplateSource.EXTENSION.length()));
                        }
                    }
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            throw new TemplateException("cannot list jobgen's built-in templates: " + e.getMessage(), e);
        }
        return List.copyOf(names);
    }

    private String placesText() {
        StringBuilder sb = new StringBuilder();
        for (Path d : dirs) {
            sb.append(d).append(", ");
        }
        return sb.append("the built-ins (").append(String.join(", ", builtInNames())).append(')').toString();
    }
}
