package org.ddpkit.jobgen.render;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheNotFoundException;
import com.github.mustachejava.MustacheVisitor;
import com.github.mustachejava.TemplateContext;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a template with a {@link RenderModel} using Mustache.java. Values are written as they
 * are (no HTML escaping: the model holds shell-ready text), every variable a template names must
 * exist in the model, and partials ({@code {{> name}}}) are found like templates, the directory
 * of a {@code --template FILE} first. Problems become {@link TemplateException}s naming the file
 * and line.
 */
public final class TemplateRenderer {
    private final TemplateLocator locator;

    public TemplateRenderer(TemplateLocator locator) {
        this.locator = locator;
    }

    /** The text of {@code template} rendered with {@code model}. */
    public String render(TemplateSource template, RenderModel model) {
        List<Path> partialDirs = new ArrayList<>();
        if (!template.isBuiltIn() && template.file().toAbsolutePath().getParent() != null) {
            partialDirs.add(template.file().toAbsolutePath().getParent());
        }
        partialDirs.addAll(locator.dirs());
        Factory factory = new Factory(new TemplateLocator(partialDirs));
        factory.setObjectHandler(new StrictObjectHandler(model.variableNames()));
        String name = template.isBuiltIn() ? "built-in template " + template.name() : template.file().toString();
        try (Reader in = template.open()) {
            Mustache mustache = factory.compile(in, name);
            StringWriter out = new StringWriter();
            mustache.execute(out, model.values());
            return out.toString();
        } catch (MustacheException e) {
            throw new TemplateException(describe(e, name), e);
        } catch (IOException | UncheckedIOException e) {
            throw new TemplateException(name + ": " + e.getMessage(), e);
        }
    }

    private static String describe(MustacheException e, String name) {
        MustacheException root = e;
        while (root.getCause() instanceof MustacheException inner) {
            root = inner;
        }
        String message = root.getMessage() == null ? "Mustache error" : root.getMessage();
        int at = message.indexOf(" @[");
        if (at >= 0) {
            message = message.substring(0, at);
        }
        if (root instanceof MustacheNotFoundException nf) {
            message = "partial \"" + nf.getName() + "\" not found (partials are looked up like templates)";
        }
        TemplateContext tc = root.getContext() != null ? root.getContext() : e.getContext();
        String where = tc != null ? tc.file() + ":" + tc.line() : name;
        return where + ": " + message;
    }

    /** Mustache.java configured for shell scripts: raw values, partials from the search order. */
    private static final class Factory extends DefaultMustacheFactory {
        private final TemplateLocator partials;

        Factory(TemplateLocator partials) {
            this.partials = partials;
        }

        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public MustacheVisitor createMustacheVisitor() {
            return new ScriptMustacheVisitor(this);
        }

        @Override
        public String resolvePartialPath(String dir, String name, String extension) {
            return name;
        }

        @Override
        public Reader getReader(String resourceName) {
            String base = resourceName.endsWith(TemplateSource.EXTENSION)
                    ? resourceName.substring(0, resourceName.length() - TemplateSource.EXTENSION.length())
                    : resourceName;
            return partials.find(base)
                    .orElseThrow(() -> new MustacheNotFoundException(base))
                    .open();
        }
    }
}
