package org.ddpkit.examples;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.ddpkit.examples.cli.Flags;
import org.ddpkit.examples.cli.UsageException;
import org.ddpkit.train.data.ConsoleProgress;
import org.ddpkit.train.data.DatasetKind;
import org.ddpkit.train.data.Downloader;

/**
 * {@code download-mnist}: fetches MNIST (or Fashion-MNIST) into a directory with the trainer's
 * downloader: mirrors in turn, SHA-256 checked, written atomically, resumable.
 */
public final class DownloadMnist implements Demo {
    private static final String USAGE = """
            usage: ddp-example download-mnist [--dataset mnist|fashion-mnist] [--dir DIR] [--mirror URL]

            Fetches the dataset's four IDX files, checks their SHA-256 sums, resumes partial files.
              --dataset NAME  mnist (default) or fashion-mnist
              --dir DIR       where to put the files (default data/NAME)
              --mirror URL    fetch from this base URL instead of the built-in mirrors
            """;

    @Override
    public String name() {
        return "download-mnist";
    }

    @Override
    public String summary() {
        return "fetch MNIST (or Fashion-MNIST) into a directory, checksums verified";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public int run(List<String> args, DemoContext ctx) throws Exception {
        Flags f = Flags.parse(name(), args, Set.of("--dataset", "--dir", "--mirror"), Set.of());
        DatasetKind kind;
        try {
            kind = DatasetKind.parse("--dataset", f.string("--dataset", "mnist"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Path dir = f.path("--dir").orElse(Path.of("data", kind.cliName()));
        List<URI> mirrors = kind.mirrors();
        if (f.has("--mirror")) {
            mirrors = List.of(mirror(f.string("--mirror", "")));
        }
        Downloader downloader = Downloader.standard(new ConsoleProgress(ctx.out(), ctx.terminal()));
        downloader.download(mirrors, kind.files(), dir);
        ctx.out().println(kind.cliName() + " is in " + dir.toAbsolutePath().normalize());
        return 0;
    }

    private static URI mirror(String url) throws UsageException {
        try {
            URI u = new URI(url.endsWith("/") ? url : url + "/");
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
                throw new UsageException("--mirror: must be an http or https URL, got \"" + url + "\"");
            }
            return u;
        } catch (java.net.URISyntaxException e) {
            throw new UsageException("--mirror: not a URL, got \"" + url + "\"");
        }
    }
}
