package org.ddpkit.jobgen.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Quoting is checked against bash itself: quoted words must come back from bash unchanged. */
class ShellQuoteTest {
    /** Words that break naive quoting: every shell metacharacter, quotes, whitespace, globs, non-ASCII. */
    static final List<String> HARD_WORDS = List.of(
            "plain", "", " ", "two words", "it's", "'", "''", "\"", "a\"b'c", "\\", "back\\slash\\",
            "$HOME", "${x:-y}", "$(id)", "`id`", "!", "!!", "a;b", "a&b", "a|b", "a>b", "<", "(x)", "{a,b}",
            "*", "?", "[ab]", "~", "~/x", "#comment", "a#b", "-n", "--", "x=y", "%j", "tab\there",
            "new\nline", "trailing\n", "\r", "ünïcødé", "日本", "emoji 😀", "a\u0001b", "=", "@", "^", "a\\'b");

    @Test
    @Timeout(30)
    void bashReadsEveryQuotedWordBackUnchanged() throws Exception {
        assertEquals(HARD_WORDS, throughBash(ShellQuote.words(HARD_WORDS)));
    }

    @Test
    @Timeout(30)
    void eachWordAloneAlsoSurvives() throws Exception {
        StringBuilder script = new StringBuilder();
        for (String w : HARD_WORDS) {
            script.append(ShellQuote.word(w)).append(' ');
        }
        assertEquals(HARD_WORDS, throughBash(script.toString()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "plain            | plain",
            "a/b.c:d,e=f+g@h%i-j_k | a/b.c:d,e=f+g@h%i-j_k",
            "two words        | 'two words'",
            "it's             | 'it'\\''s'",
            "$HOME            | '$HOME'",
            "~                | '~'",
            "a\tb             | $'a\\tb'",
    })
    void safeWordsStayBareOthersAreSingleQuoted(String word, String quoted) {
        assertEquals(quoted, ShellQuote.word(word));
    }

    @Test
    void quotedWordsNeverSpanLines() {
        for (String w : HARD_WORDS) {
            String q = ShellQuote.word(w);
            assertEquals(-1, q.indexOf('\n'), () -> "quoted " + w + " as " + q);
            assertEquals(-1, q.indexOf('\r'), () -> "quoted " + w + " as " + q);
        }
    }

    @Test
    void emptyWordIsAPairOfQuotes() {
        assertEquals("''", ShellQuote.word(""));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "ddp-example       | ddp-example",
            "logs/%x-%j.out    | logs/%x-%j.out",
            "my job            | \"my job\"",
            "a#b               | \"a#b\"",
            "it's              | \"it's\"",
    })
    void directiveValuesAreBareOrDoubleQuoted(String value, String quoted) {
        assertEquals(quoted, ShellQuote.directiveValue(value));
    }

    @Test
    void directiveValuesCannotHoldDoubleQuotesOrBackslashes() {
        assertThrows(IllegalArgumentException.class, () -> ShellQuote.directiveValue("a\"b"));
        assertThrows(IllegalArgumentException.class, () -> ShellQuote.directiveValue("a\\b"));
        assertThrows(IllegalArgumentException.class, () -> ShellQuote.directiveValue("a\nb"));
    }

    /** Runs {@code printf '%s\0' WORDS} in bash and splits what it prints at the NULs. */
    static List<String> throughBash(String quotedWords) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", "printf '%s\\0' " + quotedWords).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bash did not finish");
        }
        assertEquals(0, p.exitValue(), () -> "bash failed: " + new String(out, StandardCharsets.UTF_8));
        String text = new String(out, StandardCharsets.UTF_8);
        List<String> words = new ArrayList<>(Arrays.asList(text.split("\0", -1)));
        words.removeLast(); // after the last NUL
        return words;
    }
}
