package org.ddpkit.train.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The datasets ddpkit knows how to fetch: mirrors tried in order, the four files with their
 * SHA-256 sums (those published with torchvision's and TensorFlow's downloaders), and where a
 * Debian package puts a copy (the offline default).
 */
public enum DatasetKind {
    MNIST("mnist",
            List.of(URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
                    URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"),
                    URI.create("http://yann.lecun.com/exdb/mnist/")),
            List.of(new RemoteFile("train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
                    new RemoteFile("train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
                    new RemoteFile("t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
                    new RemoteFile("t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6")),
            null),
    FASHION_MNIST("fashion-mnist",
            List.of(URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
                    URI.create("https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/")),
            List.of(new RemoteFile("train-images-idx3-ubyte.gz", "08dc20ab1689590a0bcd66e874647b6ee8464e2d501b5a3f1f78831db19a3fdc"),
                    new RemoteFile("train-labels-idx1-ubyte.gz", "b0197879cbda89f3dc7b894f9fd52b858e68ea4182b6947c9d8c2b67e5f18dcc"),
                    new RemoteFile("t10k-images-idx3-ubyte.gz", "78dcbbfb5a27efaf1b6c1d616caca68560be8766c5bffcb2791df9273a534229"),
                    new RemoteFile("t10k-labels-idx1-ubyte.gz", "42bd18137a62d5998cdeae52bf3a0676ac6b706f5cf8439b47bb5b151ae3dccf")),
            Path.of("/usr/share/datasets/fashion-mnist"));

    private final String cliName;
    private final List<URI> mirrors;
    private final List<RemoteFile> files;
    private final Path packaged;

    DatasetKind(String cliName, List<URI> mirrors, List<RemoteFile> files, Path packaged) {
        this.cliName = cliName;
        this.mirrors = mirrors;
        this.files = files;
        this.packaged = packaged;
    }

    /** The name used on command lines: {@code mnist} or {@code fashion-mnist}. */
    public String cliName() {
        return cliName;
    }

    public List<URI> mirrors() {
        return mirrors;
    }

    public List<RemoteFile> files() {
        return files;
    }

    /** Where a distribution package installs the dataset (Debian's dataset-fashion-mnist), if any. */
    public Optional<Path> packagedDirectory() {
        return Optional.ofNullable(packaged);
    }

    /** The kind named {@code name} on a command line; the message lists the valid names. */
    public static DatasetKind parse(String flag, String name) {
        for (DatasetKind k : values()) {
            if (k.cliName.equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException(flag + ": must be mnist or fashion-mnist, got \"" + name + "\"");
    }
}
