package org.ddpkit.jobgen.render;

import com.github.mustachejava.Code;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheVisitor;
import com.github.mustachejava.TemplateContext;
import com.github.mustachejava.codes.CommentCode;
import com.github.mustachejava.codes.DefaultMustache;
import com.github.mustachejava.codes.ExtendCheckNameCode;
import com.github.mustachejava.codes.ExtendCode;
import com.github.mustachejava.codes.ExtendNameCode;
import com.github.mustachejava.codes.IterableCode;
import com.github.mustachejava.codes.NotIterableCode;
import com.github.mustachejava.codes.PartialCode;
import com.github.mustachejava.codes.ValueCode;
import com.github.mustachejava.codes.WriteCode;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a compiled template from the parser's events, like Mustache.java's default visitor
 * but without its pragma support, whose logger would start java.util.logging (tens of
 * milliseconds of every jobgen run). Templates here need no pragmas; one is an error.
 */
final class ScriptMustacheVisitor implements MustacheVisitor {
    private final DefaultMustacheFactory factory;
    private final List<Code> codes = new ArrayList<>();

    ScriptMustacheVisitor(DefaultMustacheFactory factory) {
        this.factory = factory;
    }

    @Override
    public Mustache mustache(TemplateContext tc) {
        return new DefaultMustache(tc, factory, codes.toArray(new Code[0]), tc.file());
    }

    @Override
    public void iterable(TemplateContext tc, String variable, Mustache mustache) {
        codes.add(new IterableCode(tc, factory, mustache, variable));
    }

    @Override
    public void notIterable(TemplateContext tc, String variable, Mustache mustache) {
        codes.add(new NotIterableCode(tc, factory, mustache, variable));
    }

    @Override
    public void partial(TemplateContext tc, String variable, String indent) {
        TemplateContext partialTc = new TemplateContext("{{", "}}", tc.file(), tc.line(), tc.startOfLine());
        codes.add(new PartialCode(partialTc, factory, variable));
    }

    @Override
    public void dynamicPartial(TemplateContext tc, String variable, String indent) {
        throw new MustacheException("dynamic partials ({{>*" + variable + "}}) are not supported", tc);
    }

    @Override
    public void value(TemplateContext tc, String variable, boolean encoded) {
        codes.add(new ValueCode(tc, factory, variable, encoded));
    }

    @Override
    public void write(TemplateContext tc, String text) {
        if (text.isEmpty()) {
            return;
        }
        if (codes.isEmpty()) {
            codes.add(new WriteCode(tc, factory, text));
        } else {
            codes.getLast().append(text); // text after a tag belongs to that tag's code
        }
    }

    @Override
    public void pragma(TemplateContext tc, String pragma, String args) {
        throw new MustacheException("pragmas ({{%" + pragma + "}}) are not supported", tc);
    }

    @Override
    public void eof(TemplateContext tc) {
        // nothing to add: the end-of-file marker only serves Mustache.java's invert()
    }

    @Override
    public void extend(TemplateContext tc, String variable, Mustache mustache) {
        codes.add(new ExtendCode(tc, factory, mustache, variable));
    }

    @Override
    public void name(TemplateContext tc, String variable, Mustache mustache) {
        codes.add(new ExtendNameCode(tc, factory, mustache, variable));
    }

    @Override
    public void checkName(TemplateContext tc, String variable, Mustache mustache) {
        codes.add(new ExtendCheckNameCode(tc, factory, mustache, variable));
    }

    @Override
    public void comment(TemplateContext tc, String comment) {
        codes.add(new CommentCode(tc, factory, comment));
    }
}
