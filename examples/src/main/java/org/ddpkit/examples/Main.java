package org.ddpkit.examples;

import java.util.Arrays;
import java.util.List;
import org.ddpkit.examples.basic.BasicUseCase;
import org.ddpkit.examples.basic.BasicUseCaseRank;
import org.ddpkit.examples.basic.ElasticDdp;
import org.ddpkit.examples.cli.ExitStatus;
import org.ddpkit.examples.cnn.ElasticDdpCnn;

/**
 * {@code ddp-example NAME [OPTIONS]}: runs one of the demos. The only place that reads the
 * process environment and calls {@link System#exit}.
 */
public final class Main {
    /** The demos users run, in {@code --help} order. */
    static final List<Demo> DEMOS = List.of(new SingleForwardBackward(), new BasicUseCase(), new ElasticDdp(),
            new ElasticDdpCnn(), new DownloadMnist());

    private Main() {}

    public static void main(String[] args) {
        boolean terminal = System.console() != null && System.console().isTerminal();
        System.exit(run(Arrays.asList(args), new DemoContext(System.getenv(), System.out, System.err, terminal)));
    }

    /** Runs the command line; returns the exit code. */
    static int run(List<String> args, DemoContext ctx) {
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")) {
            (args.isEmpty() ? ctx.err() : ctx.out()).print(usage());
            return args.isEmpty() ? ExitStatus.USAGE : ExitStatus.OK;
        }
        String name = args.get(0);
        List<String> rest = args.subList(1, args.size());
        Demo demo = find(name);
        if (demo == null) {
            ctx.err().println("ddp-example: unknown demo \"" + name + "\"; known: "
                    + String.join(", ", DEMOS.stream().map(Demo::name).toList()) + " (ddp-example --help)");
            return ExitStatus.USAGE;
        }
        if (rest.contains("--help") || rest.contains("-h")) {
            ctx.out().print(demo.usage());
            return ExitStatus.OK;
        }
        try {
            return demo.run(rest, ctx);
        } catch (Exception | Error e) {
            ExitStatus s = ExitStatus.of(e);
            String rank = ctx.env().get("RANK");
            ctx.err().println("ddp-example " + name + (rank != null ? " (rank " + rank + ")" : "")
                    + ": " + s.message());
            if (s.code() == ExitStatus.INTERNAL && !(e instanceof java.io.IOException)) {
                e.printStackTrace(ctx.err());
            }
            return s.code();
        }
    }

    private static Demo find(String name) {
        for (Demo d : DEMOS) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return name.equals(BasicUseCaseRank.NAME) ? new BasicUseCaseRank() : null;
    }

    static String usage() {
        StringBuilder b = new StringBuilder("usage: ddp-example NAME [OPTIONS]   (ddp-example NAME --help for its options)\n\n"
                + "The PyTorch DDP tutorial's demos and pytorch/examples' MNIST CNN, in Java:\n");
        for (Demo d : DEMOS) {
            b.append(String.format("  %-25s %s%n", d.name(), d.summary()));
        }
        b.append("\nExit codes: 0 ok, 64 usage, 65 bad input data, 69 service missing, 70 internal error, "
                + "75 temporary (a peer failed, download failed), 78 bad env contract. See docs/examples.md.\n");
        return b.toString();
    }
}
