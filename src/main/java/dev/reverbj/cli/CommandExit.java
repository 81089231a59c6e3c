package dev.reverbj.cli;

/**
 * Ends a command early with an exit code, once what the user should see is printed. {@link Main#run} catches it and
 * returns the code.
 */
final class CommandExit extends RuntimeException {
    private final int code;

    CommandExit(int code) {
        super(null, null, false, false);
        this.code = code;
    }

    int code() {
        return code;
    }
}
