package org.ddpkit.comm.perf;

import java.util.List;

/**
 * One line of the bench CSV that {@code allreduce-perf --csv} and {@code TcpStreamPerf --csv}
 * append: {@code label,bytes,time_us,algbw,busbw,wrong}.
 */
record BenchRow(String label, long bytes, double timeUs, double algbw, double busbw, long wrong) {

    /** Parses one line; the message names the line number and the text. */
    static BenchRow parse(int lineNo, String line) {
        String[] f = line.split(",");
        if (f.length != 6) {
            throw new IllegalArgumentException("line " + lineNo + ": expected label,bytes,time_us,algbw,busbw,wrong, got \""
                    + line + "\"");
        }
        try {
            return new BenchRow(f[0], Long.parseLong(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                    Double.parseDouble(f[4]), Long.parseLong(f[5]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line " + lineNo + ": not a number in \"" + line + "\"");
        }
    }

    static List<BenchRow> parseAll(List<String> lines) {
        java.util.ArrayList<BenchRow> rows = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank() && !lines.get(i).startsWith("#")) {
                rows.add(parse(i + 1, lines.get(i)));
            }
        }
        return rows;
    }
}
