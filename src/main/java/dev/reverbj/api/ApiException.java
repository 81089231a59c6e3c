package dev.reverbj.api;

/** A request the API refuses: an HTTP status and a message for the {@code error} field of the JSON body. */
final class ApiException extends RuntimeException {
    private final int status;

    ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
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
