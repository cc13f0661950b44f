package org.orderhub.operator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.orderhub.partner.WebhookPaths;
import org.orderhub.security.WebhookSignature;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

import static org.orderhub.operator.RouteFileCheck.line;
import static org.orderhub.operator.RouteFileCheck.scalar;

/**
 * One {@code to:} (or {@code kamelet:}) step of a route file checked against the hub's Kamelets: only declared
 * parameters, every required one, each enum and pattern kept, secrets as placeholders, a webhook secret the
 * hub can use, and a webhook partner that is the one its route's path serves.
 */
final class KameletCallCheck {

    /** The shared flows a file may only reach through a Kamelet (their route variables cannot be checked). */
    private static final Map<String, String> DIRECT_FLOWS = Map.of(
            "direct:partner-webhook-intake", "orderhub-webhook-partner",
            "direct:partner-poll", "orderhub-polled-partner",
            "direct:subscriber-dispatch", "orderhub-subscriber",
            "direct:order-export", "orderhub-export",
            "direct:order-mail-export", "orderhub-mail-export");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[^}]+}}");
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");
    /** The parameter that names a Kamelet's instance: whose orders, events or export it is. */
    private static final List<String> NAME_KEYS = List.of("partner", "subscriber", "export");

    private final KameletCatalog kamelets;
    private final Placeholders placeholders;
    private final Function<String, String> mappingProblem;

    /** {@code mappingProblem} tells what is wrong with a mapping file of that name (null: it exists and compiles). */
    KameletCallCheck(KameletCatalog kamelets, Placeholders placeholders, Function<String, String> mappingProblem) {
        this.kamelets = kamelets;
        this.placeholders = placeholders;
        this.mappingProblem = mappingProblem;
    }

    private record Argument(String value, int line) {
    }

    /**
     * Checks a step given as a URI or as a mapping with uri/name (and parameters); {@code walk} goes on into
     * the step's other values. Returns the call of one of the hub's Kamelets when it has no problem, else null.
     */
    RouteFileCheck.KameletCall call(String key, Node value, String webhookPath, int[] text,
                                    List<RouteFileCheck.Problem> problems, Consumer<Node> walk) {
        ScalarNode uriNode = null;
        int parametersAt = 0;
        Map<String, Argument> arguments = new LinkedHashMap<>();
        if (value instanceof ScalarNode s) {
            uriNode = s;
        } else if (value instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                String k = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
                if ((k.equals("uri") || k.equals("name")) && t.getValueNode() instanceof ScalarNode s) {
                    uriNode = s;
                } else if (k.equals("parameters") && t.getValueNode() instanceof MappingNode params) {
                    for (NodeTuple p : params.getValue()) {
                        if (p.getKeyNode() instanceof ScalarNode name) {
                            arguments.put(name.getValue(), new Argument(scalar(p.getValueNode()), line(p.getKeyNode())));
                        }
                    }
                    parametersAt = line(t.getKeyNode());
                } else {
                    walk.accept(t.getValueNode());
                }
            }
        }
        if (uriNode == null) {
            return null;
        }
        String uri = uriNode.getValue();
        int line = line(value);
        String target = uri.split("\\?", 2)[0];
        if (DIRECT_FLOWS.containsKey(target)) {
            problems.add(new RouteFileCheck.Problem(line, null, "calls " + target + " with route variables, which the "
                    + "hub cannot check: call kamelet:" + DIRECT_FLOWS.get(target) + " with the same names as "
                    + "parameters instead (docs/onboarding.md)"));
            return null;
        }
        String called = key.equals("kamelet") ? target : target.startsWith("kamelet:") ? target.substring(8) : null;
        if (called == null || !called.startsWith("orderhub-")) {
            return null;
        }
        String name = called.split("/", 2)[0];
        Optional<KameletCatalog.Kamelet> kamelet = kamelets.find(name);
        if (kamelet.isEmpty()) {
            problems.add(new RouteFileCheck.Problem(line, null, "there is no Kamelet " + name + " (the hub ships "
                    + String.join(", ", kamelets.names()) + ")"));
            return null;
        }
        if (parametersAt > 0) {
            // Camel 4.18 hands a Kamelet the values of a parameters map URL-encoded ("a,b" arrives as "a%2Cb")
            problems.add(new RouteFileCheck.Problem(parametersAt, null, "write the parameters into the Kamelet's URI, "
                    + "e.g. to: \"kamelet:" + name + "?" + String.join("&", arguments.keySet().stream()
                    .map(k -> k + "=...").toList()) + "\" (a parameters map reaches the Kamelet URL-encoded)"));
            return null;
        }
        int q = uri.indexOf('?');
        if (q >= 0) {
            for (String pair : uri.substring(q + 1).split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    String given = eq < 0 ? pair : pair.substring(0, eq);
                    if (arguments.putIfAbsent(given, new Argument(eq < 0 ? "" : pair.substring(eq + 1), line)) != null) {
                        problems.add(new RouteFileCheck.Problem(line, given, "given twice"));
                    }
                }
            }
        }
        int before = problems.size();
        Map<String, String> resolved = arguments(kamelet.get(), arguments, line, problems);
        String partner = resolved.get("partner");
        if (webhookPath != null && partner != null && !webhookPath.equals(WebhookPaths.of(partner))) {
            problems.add(new RouteFileCheck.Problem(arguments.get("partner").line(), "partner", "'" + partner
                    + "' is not the partner its route's path " + webhookPath + " serves: write partner="
                    + WebhookPaths.partner(webhookPath) + ", or the path " + WebhookPaths.of(partner)));
        }
        if (problems.size() == before) {
            mapping(arguments, resolved, line, problems);
        }
        if (problems.size() > before) {
            return null;
        }
        String keyName = NAME_KEYS.stream().filter(resolved::containsKey).findFirst().orElse(null);
        boolean named = called.contains("/");
        String instance = named ? called.split("/", 2)[1] : name + (keyName == null ? "" : "-" + resolved.get(keyName));
        return new RouteFileCheck.KameletCall(name, instance, line, named ? -1 : insertAt(uriNode, called, text));
    }

    /** The mapping the call names (a partner's default: {@code <partner>.jsonata}) must exist and compile. */
    private void mapping(Map<String, Argument> arguments, Map<String, String> resolved, int line,
                         List<RouteFileCheck.Problem> problems) {
        String mapping = resolved.getOrDefault("mapping", "");
        if (mapping.isBlank() && resolved.containsKey("partner")) {
            mapping = resolved.get("partner") + ".jsonata";
        }
        String problem = mapping.isBlank() ? null : mappingProblem.apply(mapping);
        if (problem != null) {
            Argument at = arguments.get("mapping");
            problems.add(new RouteFileCheck.Problem(at == null ? line : at.line(), "mapping", "mapping " + mapping
                    + (at == null ? " (the partner's default)" : "") + ": " + problem));
        }
    }

    /** The code point index in the file's {@code text} just after {@code kamelet:<name>} in the step's URI. */
    private static int insertAt(ScalarNode uriNode, String name, int[] text) {
        int start = uriNode.getStartMark().map(m -> m.getIndex()).orElse(0);
        int end = Math.min(text.length, uriNode.getEndMark().map(m -> m.getIndex()).orElse(start));
        String raw = new String(text, start, Math.max(0, end - start));
        int at = raw.indexOf(name);
        return at < 0 ? -1 : start + raw.codePointCount(0, at) + name.codePointCount(0, name.length());
    }

    /** Checks each argument against the Kamelet's declaration; returns the arguments with placeholders resolved. */
    private Map<String, String> arguments(KameletCatalog.Kamelet kamelet, Map<String, Argument> arguments, int line,
                                          List<RouteFileCheck.Problem> problems) {
        Map<String, String> resolved = new LinkedHashMap<>();
        arguments.forEach((name, argument) -> {
            KameletCatalog.Parameter declared = kamelet.parameters().get(name);
            if (declared == null) {
                String near = NearestName.within2(name, kamelet.parameters().keySet());
                problems.add(new RouteFileCheck.Problem(argument.line(), name, "not a parameter of Kamelet "
                        + kamelet.name() + (near == null ? "" : " (did you mean " + near + "?)") + "; it takes "
                        + String.join(", ", kamelet.parameters().keySet())));
                return;
            }
            if (declared.password() && !argument.value().isEmpty() && !PLACEHOLDER.matcher(argument.value()).find()) {
                problems.add(new RouteFileCheck.Problem(argument.line(), name, "a secret belongs in a property, not in "
                        + "the file: write a placeholder such as {{?" + arguments.getOrDefault(nameKey(kamelet),
                        new Argument("partner", 0)).value() + "." + name + "}}"));
                return;
            }
            String value;
            try {
                value = placeholders.resolve(argument.value());
            } catch (Placeholders.Refused unresolved) {
                problems.add(new RouteFileCheck.Problem(argument.line(), name, "its placeholder cannot be resolved: "
                        + unresolved.getMessage()));
                return;
            }
            // what the file says, never what a placeholder resolves to (that may be a secret): for the log line
            String shown = "'" + argument.value() + "'";
            if (value.startsWith("RAW(") && value.endsWith(")")) {
                value = value.substring(4, value.length() - 1); // handed to the Kamelet as it is
            } else if (argument.value().indexOf(' ') >= 0 && !PLACEHOLDER.matcher(argument.value()).find()) {
                // Camel 4.18 encodes a literal's space: the Kamelet would get "a+b" for "a b" (a value with a
                // placeholder, e.g. credentials=Bearer {{?x.token}}, arrives as written: PartnerPollerTest)
                problems.add(new RouteFileCheck.Problem(argument.line(), name, shown + " holds a space, which "
                        + "reaches the Kamelet as '+': write " + name + "=RAW(" + argument.value() + ")"));
                return;
            }
            resolved.put(name, value);
            if (!declared.allowed().isEmpty() && !declared.allowed().contains(value)) {
                problems.add(new RouteFileCheck.Problem(argument.line(), name, shown + " is not one of "
                        + String.join(", ", declared.allowed())));
            } else if (declared.pattern() != null && !Pattern.matches(declared.pattern(), value)) {
                problems.add(new RouteFileCheck.Problem(argument.line(), name, shown + " is not a valid "
                        + declared.title() + " (it must match " + declared.pattern() + ")"));
            } else if ("integer".equals(declared.type()) && !INTEGER.matcher(value).matches()) {
                problems.add(new RouteFileCheck.Problem(argument.line(), name, shown + " is not a whole number"));
            } else if ("integer".equals(declared.type()) && !within(value, declared)) {
                problems.add(new RouteFileCheck.Problem(argument.line(), name, shown + (declared.maximum() == null
                        ? " is less than " + declared.minimum() : declared.minimum() == null
                        ? " is more than " + declared.maximum()
                        : " is not between " + declared.minimum() + " and " + declared.maximum())));
            }
        });
        boolean unsigned = WebhookSignature.NONE.equals(resolved.get("signatureScheme"));
        for (KameletCatalog.Parameter p : kamelet.parameters().values()) {
            if (p.required() && !arguments.containsKey(p.name()) && !(unsigned && p.name().equals("secret"))) {
                problems.add(new RouteFileCheck.Problem(line, p.name(), "required by Kamelet " + kamelet.name()
                        + " and missing"));
            }
        }
        secret(arguments, resolved, problems);
        return resolved;
    }

    private static boolean within(String value, KameletCatalog.Parameter declared) {
        try {
            long n = Long.parseLong(value);
            return (declared.minimum() == null || n >= declared.minimum())
                    && (declared.maximum() == null || n <= declared.maximum());
        } catch (NumberFormatException tooLong) {
            return false;
        }
    }

    /** A webhook or signing secret that is set must be one the hub can sign or verify with. */
    private static void secret(Map<String, Argument> arguments, Map<String, String> resolved,
                               List<RouteFileCheck.Problem> problems) {
        String secret = resolved.get("secret");
        if (secret == null || secret.isBlank()) {
            return;
        }
        String scheme = resolved.getOrDefault("signatureScheme", WebhookSignature.STANDARD_WEBHOOKS);
        try {
            new WebhookSignature(scheme, secret, resolved.get("signatureHeader"));
        } catch (IllegalArgumentException unusable) {
            String what = unusable.getMessage().contains("header") ? "signatureHeader" : "secret";
            Argument at = arguments.getOrDefault(what, arguments.get("secret"));
            problems.add(new RouteFileCheck.Problem(at.line(), what, unusable.getMessage()));
        }
    }

    private static String nameKey(KameletCatalog.Kamelet kamelet) {
        return NAME_KEYS.stream().filter(kamelet.parameters()::containsKey).findFirst().orElse("partner");
    }
}
