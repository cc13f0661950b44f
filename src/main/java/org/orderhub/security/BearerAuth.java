package org.orderhub.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.orderhub.api.ApiException;

/**
 * Lets a request through only with exactly one {@code Authorization: Bearer <one of the keys>} header
 * of the HTTP request itself; 401 otherwise. The {@link FrontDoor} applies the same check before the
 * body is read; this step keeps it visible in the route and records which key was used.
 */
public final class BearerAuth implements Processor, KeyCheck {

    /** Exchange property naming the key that authenticated the request, for per-key rate limits. */
    public static final String KEY_ID = "orderhub.keyId";

    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer realm=\"orderhub\"");

    private final KeySet keys;
    private final String keyName;
    private final boolean basic;

    /** @param keyName the setting that holds the keys, named in the error message */
    public BearerAuth(KeySet keys, String keyName) {
        this(keys, keyName, false);
    }

    /** @param basic also accept a key as the password of Basic auth (what hawtio's connect form sends) */
    public BearerAuth(KeySet keys, String keyName, boolean basic) {
        this.keys = keys;
        this.keyName = keyName;
        this.basic = basic;
    }

    @Override
    public void process(Exchange exchange) {
        List<String> headers = List.of();
        if (exchange.getIn() instanceof HttpMessage http && http.getRequest() != null) {
            // never the message headers: platform-http copies query parameters into them
            headers = http.getRequest().headers().getAll("Authorization");
        }
        ApiException refusal = refusal(headers);
        if (refusal != null) {
            throw refusal;
        }
        exchange.setProperty(KEY_ID, keyName + "#" + keys.match(presentedKey(headers.get(0))));
    }

    /** Null when {@code headers} (every Authorization header of a request) hold one valid key. */
    @Override
    public ApiException refusal(List<String> headers) {
        if (headers.size() > 1) {
            return new ApiException(401, "Send exactly one Authorization header", CHALLENGE);
        }
        if (headers.isEmpty() || headers.get(0).isBlank()) {
            return new ApiException(401, "Missing credentials: send Authorization: Bearer <key from " + keyName + ">",
                    CHALLENGE);
        }
        if (keys.match(presentedKey(headers.get(0))) < 0) {
            return new ApiException(401, "Invalid credentials: the bearer token is not one of " + keyName, CHALLENGE);
        }
        return null;
    }

    private String presentedKey(String header) {
        String bearer = bearerToken(header);
        if (bearer != null || !basic) {
            return bearer;
        }
        String h = header.trim();
        if (h.length() > 6 && h.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? null : decoded.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    static String bearerToken(String header) {
        String h = header.trim();
        if (h.length() > 7 && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return h.substring(7).trim();
        }
        return null;
    }
}
