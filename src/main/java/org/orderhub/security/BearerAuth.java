package org.orderhub.security;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.orderhub.api.ApiException;

/** Lets a request through only with {@code Authorization: Bearer <one of the keys>}; 401 otherwise. */
public final class BearerAuth implements Processor {

    /** Exchange property naming the key that authenticated the request, for per-key rate limits. */
    public static final String KEY_ID = "orderhub.keyId";

    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer realm=\"orderhub\"");

    private final KeySet keys;
    private final String keyName;

    /** @param keyName the setting that holds the keys, named in the error message */
    public BearerAuth(KeySet keys, String keyName) {
        this.keys = keys;
        this.keyName = keyName;
    }

    @Override
    public void process(Exchange exchange) {
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        if (header == null || header.isBlank()) {
            throw new ApiException(401, "Missing credentials: send Authorization: Bearer <key from " + keyName + ">",
                    CHALLENGE);
        }
        String token = bearerToken(header);
        int index = keys.match(token);
        if (index < 0) {
            throw new ApiException(401, "Invalid credentials: the bearer token is not one of " + keyName, CHALLENGE);
        }
        exchange.setProperty(KEY_ID, keyName + "#" + index);
    }

    static String bearerToken(String header) {
        String h = header.trim();
        if (h.length() > 7 && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return h.substring(7).trim();
        }
        return null;
    }
}
