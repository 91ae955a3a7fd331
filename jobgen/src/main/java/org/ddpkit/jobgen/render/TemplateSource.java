package org.ddpkit.jobgen.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One template: its name ({@code sbatch}), where it comes from, and how to read it.
 *
 * @param name     the name a user passes to {@code --template} (the file name without .mustache)
 * @param file     the template file, or null for a built-in
 * @param resource the class-path resource of a built-in, or null for a file
 */
public record TemplateSource(String name, Path file, String resource) {
    /** The file extension of templates. */
    public static final String EXTENSION = ".mustache";

    public TemplateSource {
        if ((file == null) == (resource == null)) {
            throw new IllegalArgumentException("a template comes from a file or a resource, not both or neither");
        }
    }

    public static TemplateSource ofFile(Path file) {
        String base = file.getFileName().toString();
        String name = base.endsWith(EXTENSION) ? base.substring(0, base.length() - EXTENSION.length()) : base;
        return new TemplateSource(name, file, null);
    }

    public static TemplateSource builtIn(String name) {
        return new TemplateSource(name, null, TemplateLocator.BUILT_IN_DIR + name + EXTENSION);
    }

    public boolean isBuiltIn() {
        return file == null;
    }

    /** Where it comes from, as users see it: the file's path, or {@code built-in}. */
    public String origin() {
        return isBuiltIn() ? "built-in" : file.toString();
    }

    /** The template's text. */
    public Reader open() {
        try {
            if (isBuiltIn()) {
                InputStream in = TemplateSource.class.getClassLoader().getResourceAsStream(resource);
                if (in == null) {
                    throw new TemplateException("built-in template " + name + " is missing from jobgen's jar (" + resource + ")");
                }
                return new InputStreamReader(in, StandardCharsets.UTF_8);
            }
            return Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TemplateException(file + ": no such template file");
        } catch (IOException e) {
            throw new TemplateException(file + ": cannot read template: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new TemplateException(origin() + ": cannot read template: " + e.getMessage());
        }
    }
}
