package org.ddpkit.launch.slurm;

import java.util.ArrayList;
import java.util.List;

/**
 * SLURM hostlists ({@code node[001-003,007],login1}): expand to host names and compress back,
 * in the same order and with the same zero padding as {@code scontrol show hostnames} and
 * {@code scontrol show hostlist} (SLURM 22.05).
 *
 * <p>Grammar: a list of entries separated by commas or white space (a comma inside brackets
 * does not separate); an entry is text with bracket groups {@code [R,R,...]}, where each
 * range R is {@code LO} or {@code LO-HI} in decimal digits, {@code LO <= HI}; the digit count
 * of LO is the zero-padded width of every number of that range ({@code [09-11]} gives 09 10
 * 11). Several bracket groups in one entry give their cartesian product, in SLURM's order
 * (the last group varies fastest, then the one before it is outermost: see
 * {@link #loopOrder(int)}). An entry must end with its last group ({@code a[1-2]b} is
 * rejected, like SLURM does).
 *
 * <p>Where SLURM's parser produces nonsense instead of an error, this one rejects the input:
 * an unclosed or stray bracket ({@code a[1-2}, {@code a]}), a range with an empty bound
 * ({@code a[1-]}), or anything but digits in a range (SLURM skips leading blanks and a plus
 * sign). Every error message quotes the whole input and says what is wrong with it.
 */
public final class Hostlist {
    /** SLURM's limit on one range ({@code MAX_RANGE}); larger ranges are rejected. */
    public static final int MAX_RANGE = 64 * 1024;
    /** Upper bound on the names one entry may expand to (the cartesian product of its groups). */
    public static final int MAX_HOSTS = 1 << 20;

    private Hostlist() {}

    /** The host names of {@code hostlist}, in SLURM's order, duplicates kept. */
    public static List<String> expand(String hostlist) {
        List<String> hosts = new ArrayList<>();
        for (String entry : entries(hostlist)) {
            expandEntry(hostlist, entry, hosts);
        }
        return hosts;
    }

    /**
     * The shortest hostlist SLURM would print for {@code hosts} in this order: consecutive
     * names with the same prefix and consecutive numbers of compatible width share one
     * bracket group ({@code n1,n2,n3,n7 -> n[1-3,7]}). Order and duplicates are kept, so
     * {@code expand(compress(h)).equals(h)}.
     */
    public static String compress(List<String> hosts) {
        List<HostRange> ranges = new ArrayList<>();
        for (String host : hosts) {
            if (host.isEmpty() || host.chars().anyMatch(c -> c == '[' || c == ']' || c == ',' || Character.isWhitespace(c))) {
                throw new IllegalArgumentException("cannot put \"" + host + "\" in a hostlist: empty, or it holds a bracket, comma or blank");
            }
            HostRange last = ranges.isEmpty() ? null : ranges.getLast();
            HostRange parsed = HostRange.of(host);
            if (last != null && last.accepts(parsed)) {
                last.hi = parsed.lo;
            } else {
                ranges.add(parsed);
            }
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < ranges.size()) {
            HostRange first = ranges.get(i);
            int j = i + 1;
            int count = first.size();
            while (first.numeric() && j < ranges.size() && ranges.get(j).numeric()
                    && ranges.get(j).prefix.equals(first.prefix)) {
                count += ranges.get(j).size();
                j++;
            }
            if (!out.isEmpty()) {
                out.append(',');
            }
            if (count == 1) {
                out.append(first.prefix).append(first.digits(first.lo));
            } else {
                out.append(first.prefix).append('[');
                for (int k = i; k < j; k++) {
                    HostRange r = ranges.get(k);
                    out.append(k > i ? "," : "").append(r.digits(r.lo));
                    if (r.hi != r.lo) {
                        out.append('-').append(r.digits(r.hi));
                    }
                }
                out.append(']');
            }
            i = j;
        }
        return out.toString();
    }

    /**
     * The order in which the loops over an entry's {@code groups} bracket groups nest,
     * outermost first: SLURM's {@code _push_range_list} recurses from the last-but-one group
     * back to the first and pushes the last group innermost, so {@code a[1-2]-b[3-4]-c[5-6]}
     * begins a1-b3-c5, a1-b3-c6, a2-b3-c5.
     */
    static int[] loopOrder(int groups) {
        int[] order = new int[groups];
        for (int k = 0; k < groups - 1; k++) {
            order[k] = groups - 2 - k;
        }
        order[groups - 1] = groups - 1;
        return order;
    }

    /** Splits at commas and blanks outside brackets; drops empty entries like SLURM does. */
    private static List<String> entries(String hostlist) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < hostlist.length(); i++) {
            char c = hostlist.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (depth <= 0 && (c == ',' || Character.isWhitespace(c))) {
                if (i > start) {
                    out.add(hostlist.substring(start, i));
                }
                start = i + 1;
            }
        }
        if (start < hostlist.length()) {
            out.add(hostlist.substring(start)); // an unclosed "[" keeps the rest in one entry, which expandEntry rejects
        }
        return out;
    }

    private static void expandEntry(String whole, String entry, List<String> out) {
        List<String> texts = new ArrayList<>(); // texts.get(k) comes before group k; one more at the end
        List<List<Range>> groups = new ArrayList<>();
        int i = 0;
        StringBuilder text = new StringBuilder();
        while (i < entry.length()) {
            char c = entry.charAt(i);
            if (c == ']') {
                throw bad(whole, "\"]\" without \"[\" in \"" + entry + "\"");
            }
            if (c != '[') {
                text.append(c);
                i++;
                continue;
            }
            int close = entry.indexOf(']', i);
            int nested = entry.indexOf('[', i + 1);
            if (close < 0) {
                throw bad(whole, "unclosed \"[\" in \"" + entry + "\"");
            }
            if (nested >= 0 && nested < close) {
                throw bad(whole, "\"[\" inside brackets in \"" + entry + "\"");
            }
            texts.add(text.toString());
            text.setLength(0);
            groups.add(ranges(whole, entry.substring(i + 1, close)));
            i = close + 1;
        }
        if (groups.isEmpty()) {
            out.add(entry);
            return;
        }
        if (!text.isEmpty()) {
            throw bad(whole, "\"" + text + "\" after the last \"]\" in \"" + entry + "\" (SLURM allows text after a bracket group only before another group)");
        }
        texts.add("");
        long total = 1;
        for (List<Range> g : groups) {
            long size = 0;
            for (Range r : g) {
                size += r.size();
            }
            total *= size;
            if (total > MAX_HOSTS) {
                throw bad(whole, "\"" + entry + "\" expands to more than " + MAX_HOSTS + " hosts");
            }
        }
        List<List<String>> values = new ArrayList<>();
        for (List<Range> g : groups) {
            List<String> v = new ArrayList<>();
            for (Range r : g) {
                for (long n = r.lo; n <= r.hi; n++) {
                    v.add(pad(n, r.width));
                }
            }
            values.add(v);
        }
        int[] order = loopOrder(groups.size());
        int[] index = new int[groups.size()];
        for (long produced = 0; produced < total; produced++) {
            StringBuilder host = new StringBuilder();
            for (int g = 0; g < groups.size(); g++) {
                host.append(texts.get(g)).append(values.get(g).get(index[g]));
            }
            out.add(host.toString());
            for (int k = order.length - 1; k >= 0; k--) { // odometer: innermost loop first
                int g = order[k];
                if (++index[g] < values.get(g).size()) {
                    break;
                }
                index[g] = 0;
            }
        }
    }

    private static List<Range> ranges(String whole, String inside) {
        List<Range> out = new ArrayList<>();
        for (String part : inside.split(",", -1)) {
            int dash = part.indexOf('-');
            String lo = dash < 0 ? part : part.substring(0, dash);
            String hi = dash < 0 ? part : part.substring(dash + 1);
            if (!isDigits(lo) || !isDigits(hi)) {
                throw bad(whole, "invalid range \"" + part + "\" in \"[" + inside + "]\" (want N or N-M, digits only)");
            }
            if (lo.length() > 18 || hi.length() > 18) {
                throw bad(whole, "number too large in range \"" + part + "\"");
            }
            Range r = new Range(Long.parseLong(lo), Long.parseLong(hi), lo.length());
            if (r.lo > r.hi) {
                throw bad(whole, "invalid range \"" + part + "\": " + r.lo + " > " + r.hi);
            }
            if (r.size() > MAX_RANGE) {
                throw bad(whole, "too many hosts in range \"" + part + "\" (SLURM's limit is " + MAX_RANGE + ")");
            }
            out.add(r);
        }
        return out;
    }

    /** True when {@code s} is one or more ASCII digits (a range bound of a hostlist). */
    public static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static String pad(long n, int width) {
        String digits = Long.toString(n);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    private static IllegalArgumentException bad(String whole, String why) {
        return new IllegalArgumentException("invalid hostlist \"" + whole + "\": " + why);
    }

    private record Range(long lo, long hi, int width) {
        long size() {
            return hi - lo + 1;
        }
    }

    /** One run of {@code prefix + number} hosts with consecutive numbers, for compress(). */
    private static final class HostRange {
        final String prefix;
        final long lo;
        long hi;
        final int width; // -1: the host has no number

        private HostRange(String prefix, long lo, int width) {
            this.prefix = prefix;
            this.lo = lo;
            this.hi = lo;
            this.width = width;
        }

        static HostRange of(String host) {
            int i = host.length();
            while (i > 0 && Character.isDigit(host.charAt(i - 1))) {
                i--;
            }
            String digits = host.substring(i);
            if (digits.isEmpty() || digits.length() > 18) {
                return new HostRange(host, 0, -1);
            }
            return new HostRange(host.substring(0, i), Long.parseLong(digits), digits.length());
        }

        boolean numeric() {
            return width >= 0;
        }

        int size() {
            return (int) (hi - lo + 1);
        }

        String digits(long n) {
            return numeric() ? pad(n, width) : "";
        }

        /** True when {@code next} continues this run: same prefix, next number, and it prints the same way. */
        boolean accepts(HostRange next) {
            return numeric() && next.numeric() && prefix.equals(next.prefix) && next.lo == hi + 1
                    && pad(next.lo, width).equals(next.digits(next.lo));
        }
    }
}
