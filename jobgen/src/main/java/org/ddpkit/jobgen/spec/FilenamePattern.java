package org.ddpkit.jobgen.spec;

/**
 * An sbatch {@code --output}/{@code --error} file name pattern. Replacement symbols are
 * {@code %} followed by an optional zero-padding width and one of {@code A a J j N n s t u x},
 * or {@code %%} for a literal percent sign: {@code logs/%x-%j.out}, {@code %x_%A_%a.err}.
 * Unknown symbols are refused, since SLURM would leave them in the file name.
 *
 * @param text the pattern as given (passed to SLURM unchanged)
 */
public record FilenamePattern(String text) {
    private static final String SYMBOLS = "AaJjNnstux";

    /** Parses {@code text}, the value of {@code flag}. */
    public static FilenamePattern parse(String flag, String text) {
        DirectiveText.text(flag, text);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) != '%') {
                continue;
            }
            int j = i + 1;
            while (j < text.length() && Character.isDigit(text.charAt(j))) {
                j++;
            }
            if (j >= text.length()) {
                throw InvalidSpecException.badValue(flag, text,
                        "ends with an unfinished % symbol (use %j %x %A %a %N %n %s %t %u %J, or %% for %)");
            }
            char symbol = text.charAt(j);
            boolean padded = j > i + 1;
            if (symbol == '%' && !padded) {
                i = j;
                continue;
            }
            if (SYMBOLS.indexOf(symbol) < 0) {
                throw InvalidSpecException.badValue(flag, text,
                        "has unknown symbol " + InvalidSpecException.quote(text.substring(i, j + 1))
                                + " (use %j %x %A %a %N %n %s %t %u %J, or %% for %)");
            }
            i = j;
        }
        return new FilenamePattern(text);
    }
}
