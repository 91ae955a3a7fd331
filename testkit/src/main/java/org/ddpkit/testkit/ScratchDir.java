package org.ddpkit.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A fresh directory for one test's files (job scripts, job output), under the module's
 * {@code target/scratch/}. It is on the filesystem the local SLURM cluster's nodes share, so
 * jobs read and write it too, and it is kept after the test for a look when something failed
 * ({@code mvn clean} removes it).
 *
 * @param path the directory, absolute
 */
public record ScratchDir(Path path) {
    public ScratchDir {
        path = path.toAbsolutePath().normalize();
    }

    /** Creates {@code target/scratch/NAME-<unique>} under the working directory. */
    public static ScratchDir create(String name) {
        try {
            Path parent = Files.createDirectories(Path.of("target", "scratch").toAbsolutePath());
            Path dir = Files.createTempDirectory(parent, name.replaceAll("[^A-Za-z0-9_.-]", "_") + "-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            return new ScratchDir(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory under target/scratch", e);
        }
    }

    /** A path inside this directory. */
    public Path resolve(String name) {
        return path.resolve(name);
    }

    /** Writes a text file, returning its path. */
    public Path write(String name, String text) {
        try {
            return Files.writeString(resolve(name), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes an executable script (e.g. a job script starting with {@code #!/bin/bash}). */
    public Path writeScript(String name, String text) {
        Path file = write(name, text);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Reads a text file of this directory. */
    public String read(String name) {
        try {
            return Files.readString(resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
