package org.ddpkit.launch;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.ddpkit.launch.agent.Console;
import org.ddpkit.launch.agent.ExecutableLookup;
import org.ddpkit.launch.agent.LocalAgent;
import org.ddpkit.launch.agent.GroupGuard;
import org.ddpkit.launch.agent.PosixSignals;
import org.ddpkit.launch.agent.SignalForwarder;
import org.ddpkit.launch.agent.WorkerWrapping;
import org.ddpkit.launch.cli.ConfigParser;
import org.ddpkit.launch.cli.Invocation;
import org.ddpkit.launch.config.LaunchConfig;
import org.ddpkit.launch.plan.HostInfo;
import org.ddpkit.launch.plan.LaunchMode;
import org.ddpkit.launch.plan.LaunchPlan;
import org.ddpkit.launch.plan.LocalHost;
import org.ddpkit.launch.plan.ModeSelector;
import org.ddpkit.launch.plan.PlanPrinter;
import org.ddpkit.launch.plan.PlanSource;
import org.ddpkit.launch.plan.Planner;
import org.ddpkit.launch.rdzv.RendezvousPlanSource;

/**
 * {@code srun-wrapper}: the edge. Reads the environment once, parses the arguments, picks the
 * mode, then prints the plan ({@code --dry-run}) or hands it to the agent; maps every
 * {@link LaunchException} to its one-line message and exit code. The only place that exits.
 */
public final class Main {
    /** Version printed by --version. */
    public static final String VERSION = "0.1.0";

    private Main() {}

    public static void main(String[] args) {
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code;
        try {
            code = run(List.of(args), System.getenv(), err);
        } catch (LaunchException e) {
            err.println("srun-wrapper: " + e.getMessage());
            code = e.exitCode().code();
        } catch (RuntimeException e) {
            err.println("srun-wrapper: internal error: " + e);
            code = ExitCode.SOFTWARE.code();
        }
        System.exit(code);
    }

    /** Runs the wrapper for {@code args} in {@code env}; returns the exit code. */
    static int run(List<String> args, Map<String, String> env, PrintStream err) {
        Invocation inv = ConfigParser.parse(args);
        // instanceof, not a pattern switch: its bootstrap costs tens of milliseconds at startup
        if (inv instanceof Invocation.Help h) {
            System.out.print(h.text());
            return 0;
        }
        if (inv instanceof Invocation.Version) {
            System.out.println("srun-wrapper " + VERSION);
            return 0;
        }
        return launch(((Invocation.Run) inv).config(), args, env);
    }

    private static int launch(LaunchConfig config, List<String> args, Map<String, String> env) {
        HostInfo host = new LocalHost();
        LaunchMode mode = ModeSelector.select(config, env, args);
        if (config.dryRun()) {
            LaunchPlan plan = mode == LaunchMode.RENDEZVOUS ? RendezvousPlanSource.provisional(config, env, host)
                    : Planner.plan(config, env, host, mode, 0);
            List<String> notes = ExecutableLookup.find(config.command().getFirst(), env).isPresent() ? List.of()
                    : List.of("COMMAND \"" + config.command().getFirst() + "\" is not found on PATH here");
            System.out.print(PlanPrinter.render(plan, notes));
            return 0;
        }
        GroupGuard guard = GroupGuard.startInBackground(env); // overlaps the JVM's first process start with planning
        try (guard) {
            return run(config, mode, args, env, host, guard);
        }
    }

    private static int run(LaunchConfig config, LaunchMode mode, List<String> args, Map<String, String> env, HostInfo host,
                           GroupGuard guard) {
        if (ExecutableLookup.find(config.command().getFirst(), env).isEmpty()) {
            throw LaunchException.usage("COMMAND \"" + config.command().getFirst() + "\" is not an executable file"
                    + (config.command().getFirst().contains("/") ? "" : " on PATH") + "; check the name after --");
        }
        Console stdout = new Console(new FileOutputStream(FileDescriptor.out));
        Console stderr = new Console(new FileOutputStream(FileDescriptor.err));
        PlanSource plans;
        RendezvousPlanSource rdzv = null;
        if (mode == LaunchMode.RENDEZVOUS) {
            rdzv = RendezvousPlanSource.create(config, env, host);
            plans = rdzv;
        } else {
            LaunchPlan first = Planner.plan(config, env, host, mode, 0); // fail before starting anything
            plans = restart -> restart == 0 ? first : Planner.plan(config, env, host, mode, restart);
        }
        try {
            LocalAgent agent = new LocalAgent(plans, config.supervision(), config.output(), env, stdout, stderr,
                    WorkerWrapping.detect(env), guard, signal -> {
                        byte[] b = ("srun-wrapper: stopped by " + PosixSignals.name(signal) + " while no worker was running")
                                .getBytes(StandardCharsets.UTF_8);
                        stderr.writeLine(new byte[0], b, 0, b.length);
                        System.exit(128 + signal);
                    });
            for (String problem : SignalForwarder.install(agent::signal)) {
                byte[] b = ("srun-wrapper: cannot forward " + problem).getBytes(StandardCharsets.UTF_8);
                stderr.writeLine(new byte[0], b, 0, b.length);
            }
            if (rdzv != null) {
                rdzv.serveIfLocal(); // after the signal handlers: a TERM while waiting ends the wrapper cleanly
            }
            return agent.run();
        } finally {
            if (rdzv != null) {
                rdzv.close();
            }
        }
    }
}
