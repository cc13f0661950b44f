package org.orderhub.api;

import java.util.Map;

/** A refusal the caller can act on: becomes {@code {"errorMessage": ...}} with this HTTP status. */
public class ApiException extends RuntimeException {

    private final int status;
    private final Map<String, String> headers;

    public ApiException(int status, String message) {
        this(status, message, Map.of());
    }

    public ApiException(int status, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    /** Extra response headers, such as Retry-After or WWW-Authenticate. */
    public Map<String, String> headers() {
        return headers;
    }
}
