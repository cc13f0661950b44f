package org.orderhub.security;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.orderhub.api.ApiException;

/**
 * Verifies a partner's signature over the raw request bytes, before anything parses them (SPEC 4.3).
 * Schemes: {@code standard-webhooks} (webhook-id, webhook-timestamp, webhook-signature "v1,&lt;base64&gt;",
 * {@code whsec_} secrets, 5-minute tolerance both ways, several signatures per header, several
 * secrets for rotation), {@code hmac-sha256-hex} and {@code hmac-sha256-base64} of the body in a named
 * header, and {@code none}. Every comparison is constant-time.
 */
public final class WebhookSignature {

    public static final String STANDARD_WEBHOOKS = "standard-webhooks";
    public static final String HMAC_HEX = "hmac-sha256-hex";
    public static final String HMAC_BASE64 = "hmac-sha256-base64";
    public static final String NONE = "none";
    static final long TOLERANCE_SECONDS = 5 * 60;
    /** The delivery id is kept per order (webhook_deliveries); Standard Webhooks ids are far shorter. */
    static final int MAX_ID_LENGTH = 128;
    /** Room for a handful of rotated signatures; anything longer is no signature. */
    private static final int MAX_SIGNATURE_LENGTH = 2048;

    private final String scheme;
    private final List<byte[]> keys;
    private final String header;

    /**
     * @param secrets comma-separated; for Standard Webhooks each {@code whsec_<base64>}
     * @param header  the signature header of the HMAC schemes
     */
    public WebhookSignature(String scheme, String secrets, String header) {
        this.scheme = scheme.toLowerCase(Locale.ROOT);
        this.header = header;
        if (!List.of(STANDARD_WEBHOOKS, HMAC_HEX, HMAC_BASE64, NONE).contains(this.scheme)) {
            throw new IllegalArgumentException("Unknown signature scheme '" + scheme + "': use " + STANDARD_WEBHOOKS
                    + ", " + HMAC_HEX + ", " + HMAC_BASE64 + " or " + NONE);
        }
        this.keys = new ArrayList<>();
        if (!this.scheme.equals(NONE)) {
            if (secrets == null || secrets.isBlank()) {
                throw new IllegalArgumentException("A signature secret is required for scheme " + scheme);
            }
            for (String s : secrets.split(",")) {
                keys.add(key(s.trim()));
            }
        }
        if ((this.scheme.equals(HMAC_HEX) || this.scheme.equals(HMAC_BASE64)) && (header == null || header.isBlank())) {
            throw new IllegalArgumentException("Scheme " + scheme + " needs the name of its signature header");
        }
    }

    public String scheme() {
        return scheme;
    }

    /**
     * What can be checked before the body is read: the signature headers are present, well-formed and
     * fresh. Lets the HTTP server refuse an unsigned request without buffering its body.
     */
    public void checkHeaders(Function<String, String> headers, long nowEpochSeconds) {
        switch (scheme) {
            case NONE -> {
                // nothing to check
            }
            case STANDARD_WEBHOOKS -> standardHeaders(headers, nowEpochSeconds);
            default -> {
                String presented = headers.apply(header);
                if (presented == null || presented.isBlank()) {
                    throw unauthorized("Missing signature header " + header);
                }
                if (presented.length() > MAX_SIGNATURE_LENGTH) {
                    throw unauthorized("Invalid signature in " + header);
                }
            }
        }
    }

    /**
     * Checks the request; throws 401 with a reason when it is not signed by one of the secrets.
     *
     * @param headers looks a request header up by name (case-insensitively)
     * @return the delivery id of Standard Webhooks, or null
     */
    public String verify(byte[] body, Function<String, String> headers, long nowEpochSeconds) {
        checkHeaders(headers, nowEpochSeconds);
        switch (scheme) {
            case NONE -> {
                return null;
            }
            case STANDARD_WEBHOOKS -> {
                return verifyStandard(body, headers);
            }
            default -> {
                byte[] given = decode(headers.apply(header).trim(), scheme.equals(HMAC_HEX));
                for (byte[] key : keys) {
                    if (given != null && MessageDigest.isEqual(hmac(key, body), given)) {
                        return null;
                    }
                }
                throw unauthorized("Invalid signature in " + header);
            }
        }
    }

    private static void standardHeaders(Function<String, String> headers, long now) {
        String id = headers.apply("webhook-id");
        String timestamp = headers.apply("webhook-timestamp");
        String signatures = headers.apply("webhook-signature");
        if (id == null || timestamp == null || signatures == null) {
            throw unauthorized("Missing Standard Webhooks headers: webhook-id, webhook-timestamp and webhook-signature are required");
        }
        if (id.isBlank() || id.length() > MAX_ID_LENGTH) {
            throw new ApiException(400, "webhook-id must be 1 to " + MAX_ID_LENGTH + " characters");
        }
        if (signatures.length() > MAX_SIGNATURE_LENGTH) {
            throw unauthorized("Invalid webhook-signature");
        }
        long sent;
        try {
            sent = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw unauthorized("webhook-timestamp must be Unix seconds");
        }
        if (Math.abs(now - sent) > TOLERANCE_SECONDS) {
            throw unauthorized("webhook-timestamp is more than 5 minutes from now");
        }
    }

    private String verifyStandard(byte[] body, Function<String, String> headers) {
        String id = headers.apply("webhook-id");
        long sent = Long.parseLong(headers.apply("webhook-timestamp").trim());
        String signatures = headers.apply("webhook-signature");
        byte[] signed = concat((id + "." + sent + ".").getBytes(StandardCharsets.UTF_8), body);
        for (byte[] key : keys) {
            byte[] expected = hmac(key, signed);
            for (String candidate : signatures.trim().split(" ")) {
                int comma = candidate.indexOf(',');
                if (comma > 0 && candidate.substring(0, comma).equals("v1")) {
                    byte[] given = decode(candidate.substring(comma + 1), false);
                    if (given != null && MessageDigest.isEqual(expected, given)) {
                        return id;
                    }
                }
            }
        }
        throw unauthorized("Invalid webhook-signature");
    }

    /** The Standard Webhooks signature header value for this body (for tests and example senders). */
    public static String sign(String secret, String id, long timestamp, byte[] body) {
        byte[] signed = concat((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        return "v1," + Base64.getEncoder().encodeToString(hmac(key(secret), signed));
    }

    public static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] key(String secret) {
        if (secret.startsWith("whsec_")) {
            try {
                return Base64.getDecoder().decode(secret.substring("whsec_".length()));
            } catch (IllegalArgumentException notBase64) {
                // the message names the rule, never the secret
                throw new IllegalArgumentException("a whsec_ secret must be whsec_ followed by base64 (as the "
                        + "partner's dashboard shows it); this one is not");
            }
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] decode(String value, boolean hex) {
        try {
            return hex ? HexFormat.of().parseHex(value.toLowerCase(Locale.ROOT)) : Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static ApiException unauthorized(String message) {
        return new ApiException(401, message);
    }
}
