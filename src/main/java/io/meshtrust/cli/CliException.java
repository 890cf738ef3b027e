package io.meshtrust.cli;

/**
 * A failure the CLI reports as one line {@code Error: <message>} on stderr. The exit code says whose fault it is:
 * {@link #USER} for bad flags, files or requests the server refused, {@link #SERVER} for a server that failed or could
 * not be reached.
 */
public class CliException extends RuntimeException {

    /** Bad flags, unreadable files, invalid input; also 4xx answers (the request was wrong or not allowed). */
    public static final int USER = 1;
    /** 5xx answers and network failures. */
    public static final int SERVER = 2;

    private final int exitCode;

    public CliException(String message) {
        this(message, USER);
    }

    public CliException(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The same failure with kumactl's context prefix, e.g. {@code failed to generate a zone token: }. */
    public CliException wrap(String prefix) {
        return new CliException(prefix + getMessage(), exitCode);
    }
}
