package org.orderhub.tracking;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.orderhub.api.ApiException;
import org.orderhub.order.OrderQuery;
import org.orderhub.order.PhoneNumbers;

/** Reads the query string of {@code GET /orders} (seed 002) strictly: every refusal is a 400 that says why. */
final class TrackingQuery {

    /** Parameter names and the longest value each may carry. */
    private static final Map<String, Integer> MAX_LENGTH = Map.of(
            "email", 320, "order_id", 32, "phone", 64, "ref_id", 128);
    private static final String FILTERS = "email, order_id, phone or ref_id";
    private static final Pattern EMAIL = Pattern.compile("[^\\s@\\p{Cntrl}]+@[\\p{L}\\p{N}.-]+");
    private static final Pattern PHONE = Pattern.compile("[0-9 +()./-]+");
    private static final Pattern REF = Pattern.compile("[\\p{L}\\p{N}_.:/#+@~-]+");

    private TrackingQuery() {
    }

    static OrderQuery parse(String rawQuery) {
        Map<String, String> params = parameters(rawQuery);
        if (params.isEmpty()) {
            throw new ApiException(400, "Give at least one filter: " + FILTERS);
        }
        Long id = null;
        String orderId = params.get("order_id");
        if (orderId != null) {
            id = hubId(orderId);
            if (id == null) {
                throw new ApiException(400, "order_id must be the hub's numeric order id, like 1234");
            }
        }
        String email = params.get("email");
        if (email != null && !EMAIL.matcher(email).matches()) {
            throw new ApiException(400, "email must be an email address, like jane@example.com");
        }
        String ref = params.get("ref_id");
        if (ref != null && !REF.matcher(ref).matches()) {
            throw new ApiException(400, "ref_id may contain only letters, digits and - _ . : / # + @ ~");
        }
        String phone = params.get("phone");
        String phoneKey = null;
        if (phone != null) {
            if (!PHONE.matcher(phone).matches()) {
                throw new ApiException(400, "phone may contain only digits, spaces and + - ( ) . /");
            }
            if (PhoneNumbers.digits(phone).length() < PhoneNumbers.KEY_DIGITS) {
                throw new ApiException(400, "phone must contain at least " + PhoneNumbers.KEY_DIGITS + " digits");
            }
            phoneKey = PhoneNumbers.key(phone);
        }
        return new OrderQuery(id, email == null ? null : email.toLowerCase(Locale.ROOT), phoneKey, ref);
    }

    /** The hub id in an order_id value ("12345" or "#12345"); null when it is not one. */
    private static Long hubId(String value) {
        String digits = value.startsWith("#") ? value.substring(1) : value;
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        long id = Long.parseLong(digits);
        return id > 0 ? id : null;
    }

    private static Map<String, String> parameters(String rawQuery) {
        return parameters(rawQuery, MAX_LENGTH, "filter by " + FILTERS);
    }

    /**
     * The query's parameters, each at most once, non-empty and no longer than {@code allowed} says; any
     * other name is refused with 400 and {@code hint} (e.g. "filter by email, ...").
     */
    static Map<String, String> parameters(String rawQuery, Map<String, Integer> allowed, String hint) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1)).trim();
            Integer max = allowed.get(name);
            if (max == null) {
                throw new ApiException(400, "Unknown query parameter '" + printable(name) + "'; " + hint);
            }
            if (value.isEmpty()) {
                throw new ApiException(400, "Query parameter '" + name + "' is empty");
            }
            if (value.length() > max) {
                throw new ApiException(400, "Query parameter '" + name + "' is longer than " + max + " characters");
            }
            if (params.put(name, value) != null) {
                throw new ApiException(400, "Query parameter '" + name + "' is given more than once");
            }
        }
        return params;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "Malformed query string: " + e.getMessage());
        }
    }

    /** A name fit to quote back in a message: bounded and without control characters. */
    private static String printable(String name) {
        String shown = name.length() > 40 ? name.substring(0, 40) + "..." : name;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
