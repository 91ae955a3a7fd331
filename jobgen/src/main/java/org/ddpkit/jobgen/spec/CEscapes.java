package org.ddpkit.jobgen.spec;

/**
 * C-style escapes ({@code \n}, {@code \t}, {@code \r}, {@code \\}, {@code \xHH}) that keep any
 * text on one line, for error messages and for bash's {@code $'...'} words.
 */
public final class CEscapes {
    private CEscapes() {}

    /**
     * {@code value} between two {@code quote} characters, with the quote character, backslash
     * and control characters escaped.
     */
    public static String quoted(String value, char quote) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append(quote);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == quote || c == '\\') {
                sb.append('\\').append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c < 0x20 || c == 0x7f) {
                sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                sb.append(c);
            }
        }
        return sb.append(quote).toString();
    }
}
