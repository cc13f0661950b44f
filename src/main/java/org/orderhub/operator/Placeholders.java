package org.orderhub.operator;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The property placeholders an operator's file may use, and their only reading: plain names —
 * {@code {{name}}}, {@code {{?name}}} (may be unset), {@code {{name:default}}} — looked up, never
 * evaluated. No nesting and none of Camel's property functions ({@code env:}, {@code sys:}, {@code bean:},
 * ...): a file, or a file posted to the check endpoint, can neither run a method nor make the hub quote a
 * setting. A message about a file never quotes what a placeholder resolved to.
 */
final class Placeholders {

    /** Thrown for a placeholder that is not allowed or names an unset property; its message names only the file's text. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private static final Pattern TOKEN = Pattern.compile("\\{\\{([^{}]*)}}");
    private static final Pattern PLAIN = Pattern.compile("(\\?)?([A-Za-z0-9_][A-Za-z0-9._-]*)(?::([^{}]*))?");
    /** Camel's own property functions (and the prefixes its optional components add). */
    private static final Set<String> FUNCTIONS = Set.of("env", "sys", "sysenv", "bean", "ref", "service",
            "service.host", "service.port", "vault", "aws", "gcp", "azure", "hashicorp", "kubernetes",
            "configmap", "secret", "kubernetes-configmap", "kubernetes-secret", "cyberark", "ibm");
    static final String RULE = "placeholders are plain setting names: {{name}}, {{?name}} or {{name:default}}; no "
            + "nesting and no functions such as env:, sys: or bean:";

    private final Function<String, Optional<String>> lookup;
    private final Predicate<String> isFunction;

    /**
     * @param lookup     a setting's value by name (Camel's properties, not evaluated)
     * @param isFunction whether a name is a property function registered with Camel
     */
    Placeholders(Function<String, Optional<String>> lookup, Predicate<String> isFunction) {
        this.lookup = lookup;
        this.isFunction = isFunction;
    }

    /** Why the text's placeholders are not allowed, or null when they are (or it has none). */
    String problem(String text) {
        if (text == null || !text.contains("{{") && !text.contains("}}")) {
            return null;
        }
        Matcher m = TOKEN.matcher(text);
        StringBuilder rest = new StringBuilder();
        while (m.find()) {
            Matcher plain = PLAIN.matcher(m.group(1));
            if (!plain.matches()) {
                return "'" + m.group() + "': " + RULE;
            }
            if (plain.group(3) != null && function(plain.group(2))) {
                return "'{{" + plain.group(2) + ":...}}' calls a property function: " + RULE;
            }
            m.appendReplacement(rest, "");
        }
        m.appendTail(rest);
        return rest.indexOf("{{") >= 0 || rest.indexOf("}}") >= 0 ? "unbalanced or nested braces: " + RULE : null;
    }

    private boolean function(String name) {
        return FUNCTIONS.contains(name.toLowerCase(Locale.ROOT)) || isFunction.test(name);
    }

    /** The text with each placeholder replaced by its setting's value; throws {@link Refused} naming what is wrong. */
    String resolve(String text) {
        String problem = problem(text);
        if (problem != null) {
            throw new Refused(problem);
        }
        Matcher m = TOKEN.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Matcher plain = PLAIN.matcher(m.group(1));
            plain.matches();
            String value = lookup.apply(plain.group(2)).orElse(null);
            if (value == null) {
                value = plain.group(3) != null ? plain.group(3) : plain.group(1) != null ? "" : null;
            }
            if (value == null) {
                throw new Refused("setting " + plain.group(2) + " is not set (write {{?" + plain.group(2)
                        + "}} for a setting that may be unset)");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** {@code message} with every value the file's placeholders resolve to (3 characters or more) put back as its placeholder. */
    String unresolve(String message, String fileText) {
        if (message == null || fileText == null) {
            return message;
        }
        String out = message;
        Matcher m = TOKEN.matcher(fileText);
        Map<String, String> values = new java.util.LinkedHashMap<>();
        while (m.find()) {
            Matcher plain = PLAIN.matcher(m.group(1));
            if (plain.matches()) {
                lookup.apply(plain.group(2)).ifPresent(v -> values.put(v, "{{" + plain.group(2) + "}}"));
            }
        }
        for (Map.Entry<String, String> v : values.entrySet().stream()
                .sorted((a, b) -> b.getKey().length() - a.getKey().length()).toList()) {
            if (v.getKey().length() >= 3) {
                out = out.replace(v.getKey(), v.getValue())
                        .replace(java.net.URLEncoder.encode(v.getKey(), java.nio.charset.StandardCharsets.UTF_8), v.getValue());
            }
        }
        return out;
    }
}
