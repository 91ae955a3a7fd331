package org.ddpkit.jobgen;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ddpkit.jobgen.render.RenderModel;
import org.ddpkit.jobgen.render.TemplateException;
import org.ddpkit.jobgen.render.TemplateLocator;
import org.ddpkit.jobgen.render.TemplateRenderer;
import org.ddpkit.jobgen.render.TemplateSource;
import org.ddpkit.jobgen.spec.InvalidSpecException;
import org.ddpkit.jobgen.spec.JobSpec;

/**
 * One jobgen run: arguments in, text on {@code out} and {@code err}, an exit status back.
 * Everything from the process (environment, streams) is passed in, so tests run it in-process
 * with literal maps; {@link Main} runs it for real.
 */
public final class Jobgen {
    /** Set by bin/jobgen to its own directory; the default wrapper is srun-wrapper beside it. */
    public static final String BIN_DIR_VARIABLE = "JOBGEN_BIN_DIR";
    /** Set to anything to get stack traces with internal errors. */
    public static final String DEBUG_VARIABLE = "JOBGEN_DEBUG";

    private static final Duration SBATCH_TIMEOUT = Duration.ofMinutes(2);

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    public Jobgen(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = Map.copyOf(env);
        this.out = out;
        this.err = err;
    }

    /** Runs jobgen with {@code args}; returns the exit status. */
    public int run(List<String> args) {
        try {
            return dispatch(CliParser.parse(args, defaultWrapper()));
        } catch (InvalidSpecException e) {
            return fail(JobgenException.USAGE, e.getMessage());
        } catch (TemplateException e) {
            return fail(JobgenException.DATA, e.getMessage());
        } catch (JobgenException e) {
            return fail(e.exitCode(), e.getMessage());
        } catch (RuntimeException | Error e) {
            if (env.containsKey(DEBUG_VARIABLE)) {
                e.printStackTrace(err);
            }
            return fail(JobgenException.INTERNAL, "internal error: " + e + " (set " + DEBUG_VARIABLE
                    + "=1 for a stack trace, and please report it)");
        }
    }

    private int dispatch(Request request) {
        switch (request.action()) {
            case HELP -> out.print(HelpText.render(defaultWrapper()));
            case VERSION -> out.println("jobgen " + version());
            case LIST_TEMPLATES -> listTemplates();
            case RENDER -> out.print(render(request));
            case SUBMIT -> {
                return submit(request);
            }
        }
        out.flush();
        return out.checkError() ? JobgenException.INTERNAL : 0;
    }

    private String render(Request request) {
        TemplateLocator locator = new TemplateLocator(TemplateLocator.searchDirs(env));
        TemplateSource template = locator.resolve(request.template());
        if (template.name().equals("salloc")) {
            checkFitsSalloc(request.spec());
        }
        RenderModel model = RenderModel.of(request.spec(), request.vars(), request.args(), version());
        return new TemplateRenderer(locator).render(template, model);
    }

    private int submit(Request request) {
        if (request.template().equals("salloc")) {
            throw new InvalidSpecException("--submit", "the salloc template is run with bash, not submitted;"
                    + " drop --submit, or drop --template salloc");
        }
        String script = render(request);
        SbatchSubmitter.Result result = new SbatchSubmitter(env, err, SBATCH_TIMEOUT).submit(script);
        if (result.jobId().isPresent()) {
            out.println(result.jobId().get());
        }
        out.flush();
        return result.exitCode();
    }

    private void listTemplates() {
        TemplateLocator locator = new TemplateLocator(TemplateLocator.searchDirs(env));
        StringBuilder sb = new StringBuilder("Search order: --template FILE, ");
        for (Path d : locator.dirs()) {
            sb.append(d).append(", ");
        }
        out.println(sb.append("built-in").toString());
        for (TemplateLocator.Listing l : locator.list()) {
            String line = String.format("%-16s %s", l.source().name(), l.source().origin());
            if (l.overriddenBy().isPresent()) {
                line += "  (overridden by " + l.overriddenBy().get().origin() + ")";
            }
            out.println(line);
        }
    }

    /** salloc has no arrays, output files, requeue, or batch shell to signal. */
    private static void checkFitsSalloc(JobSpec spec) {
        var s = spec.scheduling();
        String fix = "; drop it, or use --template sbatch";
        if (s.array().isPresent()) {
            throw new InvalidSpecException("--array", "salloc has no job arrays" + fix);
        }
        if (s.output().isPresent() || s.error().isPresent()) {
            throw new InvalidSpecException(s.output().isPresent() ? "--output" : "--error",
                    "salloc writes to the terminal, not to files" + fix);
        }
        if (s.requeue().isPresent()) {
            throw new InvalidSpecException("--requeue", "salloc allocations cannot be requeued" + fix);
        }
        if (s.signal().batchOnly()) {
            throw InvalidSpecException.badValue("--signal", s.signal().sbatchValue(),
                    "signals a batch shell, which salloc does not have; drop B:");
        }
    }

    private String defaultWrapper() {
        String dir = env.get(BIN_DIR_VARIABLE);
        return dir == null || dir.isEmpty() ? "srun-wrapper" : Path.of(dir).toAbsolutePath().normalize().resolve("srun-wrapper").toString();
    }

    private int fail(int code, String message) {
        err.println("jobgen: " + message);
        err.flush();
        return code;
    }

    /** jobgen's version, from the jar. */
    static String version() {
        try (InputStream in = Jobgen.class.getResourceAsStream("version.txt")) {
            return in == null ? "unknown" : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
