package org.ddpkit.jobgen.render;

/**
 * A template that cannot be found, read or compiled (exit 65). The message names the file,
 * and the line where there is one: {@code /etc/ddpkit/templates/sbatch.mustache:7: ...}.
 */
public final class TemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
