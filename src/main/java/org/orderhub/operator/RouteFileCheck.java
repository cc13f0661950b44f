package org.orderhub.operator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.orderhub.security.WebhookSignature;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * What the hub checks in an operator's route file before Camel loads it: that it is YAML, that each call of
 * one of the hub's Kamelets names only declared parameters, gives every required one, keeps to each enum and
 * pattern, passes secrets as property placeholders and that a webhook secret is one the hub can use. Each
 * problem carries the line it is on (1-based) and the parameter it is about.
 */
public final class RouteFileCheck {

    /** One reason to refuse a file. */
    public record Problem(int line, String parameter, String reason) {

        /** Camel's own refusal of a file that passed the check: its innermost message and the line it names. */
        static Problem refusedByCamel(Throwable e) {
            Throwable cause = e;
            String message = e.getMessage();
            int line = 1;
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                java.util.regex.Matcher m = Pattern.compile("line (\\d+)").matcher(String.valueOf(t.getMessage()));
                if (line == 1 && m.find()) {
                    line = Integer.parseInt(m.group(1));
                }
                if (t.getMessage() != null) {
                    message = t.getMessage();
                }
                cause = t;
            }
            String reason = message == null ? cause.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
            return new Problem(line, null, reason);
        }

        @Override
        public String toString() {
            return "line " + line + (parameter == null ? "" : ", parameter " + parameter) + ": " + reason;
        }
    }

    /** The shared flows a file may only reach through a Kamelet (their route variables cannot be checked). */
    private static final Map<String, String> DIRECT_FLOWS = Map.of(
            "direct:partner-webhook-intake", "orderhub-webhook-partner",
            "direct:partner-poll", "orderhub-polled-partner",
            "direct:subscriber-dispatch", "orderhub-subscriber",
            "direct:order-export", "orderhub-export",
            "direct:order-mail-export", "orderhub-mail-export");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[^}]+}}");
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");

    private final KameletCatalog kamelets;
    private final Placeholders placeholders;

    /** {@code placeholders} reads the file's placeholders as plain settings, evaluating nothing. */
    RouteFileCheck(KameletCatalog kamelets, Placeholders placeholders) {
        this.kamelets = kamelets;
        this.placeholders = placeholders;
    }

    /** What a check found: the problems (none when Camel may load the file) and the route ids it declares. */
    public record Checked(List<Problem> problems, Map<String, Integer> routeIds) {
    }

    /** Checks the file's text. */
    public Checked check(String text) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        List<Problem> problems = problems(text, ids);
        return new Checked(problems, ids);
    }

    private List<Problem> problems(String text, Map<String, Integer> ids) {
        Problem shape = YamlShape.problem(text);
        if (shape != null) {
            return List.of(shape);
        }
        Node root;
        try {
            Optional<Node> composed = new Compose(LoadSettings.builder().build()).composeString(text);
            if (composed.isEmpty()) {
                return List.of(new Problem(1, null, "the file is empty"));
            }
            root = composed.get();
        } catch (MarkedYamlEngineException syntax) {
            int line = syntax.getProblemMark().or(syntax::getContextMark).map(m -> m.getLine() + 1).orElse(1);
            return List.of(new Problem(line, null, "not valid YAML: " + syntax.getProblem()));
        } catch (YamlEngineException syntax) {
            return List.of(new Problem(1, null, "not valid YAML: " + syntax.getMessage()));
        }
        if (!(root instanceof SequenceNode)) {
            return List.of(new Problem(line(root), null, "a route file is a YAML list of routes (- route: ...)"));
        }
        List<Problem> problems = new ArrayList<>();
        for (Node item : ((SequenceNode) root).getValue()) {
            routeId(item, ids, problems);
        }
        placeholders(root, problems);
        if (!problems.isEmpty()) {
            return problems; // nothing is resolved in a file whose placeholders are not plain names
        }
        walk(root, problems);
        return problems;
    }

    /** Every scalar of the file, keys and values, may hold only plain placeholders: Camel resolves them all. */
    private void placeholders(Node node, List<Problem> problems) {
        if (node instanceof ScalarNode s) {
            String problem = placeholders.problem(s.getValue());
            if (problem != null) {
                problems.add(new Problem(line(s), null, problem));
            }
        } else if (node instanceof SequenceNode seq) {
            seq.getValue().forEach(n -> placeholders(n, problems));
        } else if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                placeholders(t.getKeyNode(), problems);
                placeholders(t.getValueNode(), problems);
            }
        }
    }

    /** Each route needs an id: Camel replaces a changed file's routes by their ids. */
    private static void routeId(Node item, Map<String, Integer> ids, List<Problem> problems) {
        if (!(item instanceof MappingNode map)) {
            return;
        }
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("route")
                    && t.getValueNode() instanceof MappingNode route) {
                String id = null;
                for (NodeTuple r : route.getValue()) {
                    if (r.getKeyNode() instanceof ScalarNode rk && rk.getValue().equals("id")) {
                        id = scalar(r.getValueNode());
                    }
                }
                if (id == null || id.isBlank()) {
                    problems.add(new Problem(line(t.getKeyNode()), null, "the route has no id (add id: partner-<name>)"));
                } else if (ids.putIfAbsent(id, line(t.getKeyNode())) != null) {
                    problems.add(new Problem(line(t.getKeyNode()), null, "the route id " + id + " is used twice"));
                }
            }
        }
    }

    private void walk(Node node, List<Problem> problems) {
        if (node instanceof SequenceNode seq) {
            seq.getValue().forEach(n -> walk(n, problems));
        } else if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
                if (key.equals("to") || key.equals("toD") || key.equals("kamelet")) {
                    call(key, t.getValueNode(), problems);
                } else {
                    walk(t.getValueNode(), problems);
                }
            }
        }
    }

    /** A {@code to:} (or {@code kamelet:}) step, as a URI or as a mapping with uri/name and parameters. */
    private void call(String key, Node value, List<Problem> problems) {
        String uri = null;
        int parametersAt = 0;
        Map<String, Argument> arguments = new LinkedHashMap<>();
        if (value instanceof ScalarNode s) {
            uri = s.getValue();
        } else if (value instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                String k = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
                if ((k.equals("uri") || k.equals("name")) && t.getValueNode() instanceof ScalarNode s) {
                    uri = s.getValue();
                } else if (k.equals("parameters") && t.getValueNode() instanceof MappingNode params) {
                    for (NodeTuple p : params.getValue()) {
                        if (p.getKeyNode() instanceof ScalarNode name) {
                            arguments.put(name.getValue(), new Argument(scalar(p.getValueNode()), line(p.getKeyNode())));
                        }
                    }
                    parametersAt = line(t.getKeyNode());
                } else {
                    walk(t.getValueNode(), problems);
                }
            }
        }
        if (uri == null) {
            return;
        }
        int line = line(value);
        String target = uri.split("\\?", 2)[0];
        if (DIRECT_FLOWS.containsKey(target)) {
            problems.add(new Problem(line, null, "calls " + target + " with route variables, which the hub cannot "
                    + "check: call kamelet:" + DIRECT_FLOWS.get(target) + " with the same names as parameters instead "
                    + "(docs/onboarding.md)"));
            return;
        }
        String name = key.equals("kamelet") ? target : target.startsWith("kamelet:") ? target.substring(8) : null;
        if (name == null || !name.startsWith("orderhub-")) {
            return;
        }
        name = name.split("/", 2)[0];
        Optional<KameletCatalog.Kamelet> kamelet = kamelets.find(name);
        if (kamelet.isEmpty()) {
            problems.add(new Problem(line, null, "there is no Kamelet " + name + " (the hub ships "
                    + String.join(", ", kamelets.names()) + ")"));
            return;
        }
        if (parametersAt > 0) {
            // Camel 4.18 hands a Kamelet the values of a parameters map URL-encoded ("a,b" arrives as "a%2Cb")
            problems.add(new Problem(parametersAt, null, "write the parameters into the Kamelet's URI, e.g. to: \""
                    + "kamelet:" + name + "?" + String.join("&", arguments.keySet().stream().map(k -> k + "=...")
                    .toList()) + "\" (a parameters map reaches the Kamelet URL-encoded)"));
            return;
        }
        int q = uri.indexOf('?');
        if (q >= 0) {
            for (String pair : uri.substring(q + 1).split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    String given = eq < 0 ? pair : pair.substring(0, eq);
                    if (arguments.putIfAbsent(given, new Argument(eq < 0 ? "" : pair.substring(eq + 1), line)) != null) {
                        problems.add(new Problem(line, given, "given twice"));
                    }
                }
            }
        }
        arguments(kamelet.get(), arguments, line, problems);
    }

    private record Argument(String value, int line) {
    }

    private void arguments(KameletCatalog.Kamelet kamelet, Map<String, Argument> arguments, int line,
                           List<Problem> problems) {
        Map<String, String> resolved = new LinkedHashMap<>();
        arguments.forEach((name, argument) -> {
            KameletCatalog.Parameter declared = kamelet.parameters().get(name);
            if (declared == null) {
                String near = NearestName.within2(name, kamelet.parameters().keySet());
                problems.add(new Problem(argument.line(), name, "not a parameter of Kamelet " + kamelet.name()
                        + (near == null ? "" : " (did you mean " + near + "?)") + "; it takes "
                        + String.join(", ", kamelet.parameters().keySet())));
                return;
            }
            if (declared.password() && !argument.value().isEmpty() && !PLACEHOLDER.matcher(argument.value()).find()) {
                problems.add(new Problem(argument.line(), name, "a secret belongs in a property, not in the file: "
                        + "write a placeholder such as {{?" + arguments.getOrDefault(partnerKey(kamelet),
                        new Argument("partner", 0)).value() + "." + name + "}}"));
                return;
            }
            String value;
            try {
                value = placeholders.resolve(argument.value());
            } catch (Placeholders.Refused unresolved) {
                problems.add(new Problem(argument.line(), name, "its placeholder cannot be resolved: "
                        + unresolved.getMessage()));
                return;
            }
            resolved.put(name, value);
            // what the file says, never what a placeholder resolves to (that may be a secret): for the log line
            String shown = "'" + argument.value() + "'";
            if (!declared.allowed().isEmpty() && !declared.allowed().contains(value)) {
                problems.add(new Problem(argument.line(), name, shown + " is not one of "
                        + String.join(", ", declared.allowed())));
            } else if (declared.pattern() != null && !Pattern.matches(declared.pattern(), value)) {
                problems.add(new Problem(argument.line(), name, shown + " does not match " + declared.pattern()));
            } else if ("integer".equals(declared.type()) && !INTEGER.matcher(value).matches()) {
                problems.add(new Problem(argument.line(), name, shown + " is not a whole number"));
            }
        });
        boolean unsigned = WebhookSignature.NONE.equals(resolved.get("signatureScheme"));
        for (KameletCatalog.Parameter p : kamelet.parameters().values()) {
            if (p.required() && !arguments.containsKey(p.name()) && !(unsigned && p.name().equals("secret"))) {
                problems.add(new Problem(line, p.name(), "required by Kamelet " + kamelet.name() + " and missing"));
            }
        }
        secret(kamelet, arguments, resolved, problems);
    }

    /** A webhook or signing secret that is set must be one the hub can sign or verify with. */
    private static void secret(KameletCatalog.Kamelet kamelet, Map<String, Argument> arguments, Map<String, String> resolved,
                               List<Problem> problems) {
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
            problems.add(new Problem(at.line(), what, unusable.getMessage()));
        }
    }

    private static String partnerKey(KameletCatalog.Kamelet kamelet) {
        for (String key : List.of("partner", "subscriber", "export")) {
            if (kamelet.parameters().containsKey(key)) {
                return key;
            }
        }
        return "partner";
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : "";
    }

    private static int line(Node node) {
        return node.getStartMark().map(Mark::getLine).map(l -> l + 1).orElse(1);
    }
}
