package org.ddpkit.jobgen.spec;

import java.util.Optional;

/**
 * Checks for values that end up in {@code #SBATCH} lines. sbatch reads those lines with its
 * own small parser (quotes and backslashes, {@code #} starts a comment), so a value may hold
 * spaces and most punctuation (jobgen puts it in double quotes), but no double quote, no
 * backslash and no control character such as a newline.
 */
public final class DirectiveText {
    private DirectiveText() {}

    /** {@code value} as free text (spaces allowed), or an error naming {@code flag}. */
    public static String text(String flag, String value) {
        if (value.isBlank()) {
            throw InvalidSpecException.badValue(flag, value, "is empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw InvalidSpecException.badValue(flag, value, "contains a control character (a newline?)");
            }
            if (c == '"' || c == '\\') {
                throw InvalidSpecException.badValue(flag, value,
                        "contains " + c + ", which an #SBATCH line cannot carry");
            }
        }
        return value;
    }

    /** {@code value} as one word: free text without whitespace (names, addresses, lists). */
    public static String word(String flag, String value) {
        text(flag, value);
        if (hasWhitespace(value)) {
            throw InvalidSpecException.badValue(flag, value, "contains whitespace");
        }
        return value;
    }

    /** {@link #word} for an optional value. */
    public static void word(String flag, Optional<String> value) {
        if (value.isPresent()) {
            word(flag, value.get());
        }
    }

    /** True when {@code s} holds a control character (below U+0020, or DEL). */
    public static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code s} holds whitespace. */
    public static boolean hasWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
