package org.ddpkit.jobgen.render;

import java.util.List;
import java.util.regex.Pattern;
import org.ddpkit.jobgen.spec.CEscapes;
import org.ddpkit.jobgen.spec.DirectiveText;

/**
 * Quoting for the two readers of a job script: bash, which runs it, and sbatch, which reads
 * its {@code #SBATCH} lines. Pure functions; words made only of characters that are never
 * special stay bare, so scripts remain easy to read.
 */
public final class ShellQuote {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellQuote() {}

    /**
     * {@code word} as one bash word that expands to exactly {@code word}: bare when safe; in
     * single quotes with each {@code '} written as {@code '\''}; or, when it holds a control
     * character such as a newline, in bash's {@code $'...'} form with escapes, so that a quoted
     * word never spans lines (a newline would end a comment line or an #SBATCH block).
     */
    public static String word(String word) {
        if (SAFE.matcher(word).matches()) {
            return word;
        }
        if (hasControl(word)) {
            return ansiC(word);
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static boolean hasControl(String s) {
        return DirectiveText.hasControl(s);
    }

    /** bash's {@code $'...'} form: C-style escapes inside, so the word stays on one line. */
    private static String ansiC(String word) {
        return "$" + CEscapes.quoted(word, '\'');
    }

    /** Each word quoted with {@link #word}, joined by single spaces. */
    public static String words(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(word(w));
        }
        return sb.toString();
    }

    /**
     * {@code value} for an {@code #SBATCH --flag=VALUE} line: bare when safe, else in double
     * quotes, which sbatch's directive parser strips (an unquoted {@code #} or space would end
     * the value there). Values may not contain {@code "}, {@code \} or control characters;
     * {@code DirectiveText} refuses those before they get here.
     */
    public static String directiveValue(String value) {
        if (SAFE.matcher(value).matches()) {
            return value;
        }
        if (value.indexOf('"') >= 0 || value.indexOf('\\') >= 0 || hasControl(value)) {
            throw new IllegalArgumentException("cannot put " + value + " into an #SBATCH line");
        }
        return "\"" + value + "\"";
    }
}
