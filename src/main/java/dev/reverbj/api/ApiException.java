package dev.reverbj.api;

/** A request the API refuses: an HTTP status and a message for the {@code error} field of the JSON body. */
final class ApiException extends RuntimeException {
    private final int status;
    private final int retryAfterSeconds;

    ApiException(int status, String message) {
        this(status, message, 0);
    }

    private ApiException(int status, String message, int retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    int status() {
        return status;
    }

    /** Seconds for a {@code Retry-After} header, or 0 for none. */
    int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** 503 with {@code Retry-After}: the node cannot promise to deliver now (docs/scaling.md). */
    static ApiException unavailable(String message, int retryAfterSeconds) {
        return new ApiException(503, message, retryAfterSeconds);
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    static ApiException unauthorized(String message) {
        return new ApiException(401, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    static ApiException invalid(String field, String problem) {
        return new ApiException(422, field + ": " + problem);
    }
}
