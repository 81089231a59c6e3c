package dev.reverbj.cli;

/** The innermost cause of a failure, whose message names what actually went wrong (a port in use, Redis refusing). */
final class RootCause {
    private RootCause() {
    }

    static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
