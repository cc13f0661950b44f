package org.orderhub.operator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.orderhub.partner.WebhookPaths;
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

    private final Placeholders placeholders;
    private final KameletCallCheck calls;

    /**
     * {@code placeholders} reads the file's placeholders as plain settings, evaluating nothing;
     * {@code mappingProblem} says what is wrong with a mapping file of a name (null: it exists and compiles).
     */
    RouteFileCheck(KameletCatalog kamelets, Placeholders placeholders,
                   java.util.function.Function<String, String> mappingProblem) {
        this.placeholders = placeholders;
        this.calls = new KameletCallCheck(kamelets, placeholders, mappingProblem);
    }

    /**
     * What a check found: the problems (none when Camel may load the file), the route ids it declares (each
     * Kamelet call's instance route among them) and its calls of the hub's Kamelets.
     */
    public record Checked(List<Problem> problems, Map<String, Integer> routeIds, List<KameletCall> calls) {

        /**
         * The text Camel loads: each Kamelet call names its instance route (kamelet:name/instance?...), so a
         * reload replaces that route instead of adding one, and hawtio shows it under the partner's name.
         */
        public String loadable(String text) {
            StringBuilder out = new StringBuilder(text);
            calls.stream().filter(c -> c.insertAt() >= 0)
                    .sorted(java.util.Comparator.comparingInt(KameletCall::insertAt).reversed())
                    .forEach(c -> out.insert(text.offsetByCodePoints(0, c.insertAt()), "/" + c.instance()));
            return out.toString();
        }
    }

    /**
     * A call of one of the hub's Kamelets as the file makes it: the Kamelet, its instance route
     * ({@code <kamelet>-<partner, subscriber or export>}), the line, and where in the text (code points) the
     * instance goes, -1 when the file names it itself.
     */
    public record KameletCall(String kamelet, String instance, int line, int insertAt) {
    }

    /** Checks the file's text. */
    public Checked check(String text) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        List<KameletCall> calls = new ArrayList<>();
        List<Problem> problems = problems(text, ids, calls);
        return new Checked(problems, ids, problems.isEmpty() ? List.copyOf(calls) : List.of());
    }

    private List<Problem> problems(String text, Map<String, Integer> ids, List<KameletCall> calls) {
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
        new Walk(ids, calls, problems, text.codePoints().toArray()).walk(root);
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

    /** Walks the routes, checking each call of a Kamelet with what it knows of the route around it. */
    private final class Walk {
        private final Map<String, Integer> ids;
        private final List<KameletCall> found;
        private final List<Problem> problems;
        private final int[] text;
        private String webhookPath;

        Walk(Map<String, Integer> ids, List<KameletCall> found, List<Problem> problems, int[] text) {
            this.ids = ids;
            this.found = found;
            this.problems = problems;
            this.text = text;
        }

        void walk(Node node) {
            if (node instanceof SequenceNode seq) {
                seq.getValue().forEach(this::walk);
            } else if (node instanceof MappingNode map) {
                for (NodeTuple t : map.getValue()) {
                    String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
                    if (key.equals("route")) {
                        ScalarNode from = fromUri(t.getValueNode());
                        webhookPath = from == null ? null : WebhookPaths.served(from.getValue());
                        cron(from, problems);
                    }
                    if (key.equals("to") || key.equals("toD") || key.equals("kamelet")) {
                        KameletCall call = calls.call(key, t.getValueNode(), webhookPath, text, problems, this::walk);
                        if (call != null && ids.putIfAbsent(call.instance(), call.line()) != null) {
                            problems.add(new Problem(call.line(), null, "Kamelet " + call.kamelet() + " is called "
                                    + "twice for the same name in this file (its instance route " + call.instance()
                                    + ")"));
                        } else if (call != null) {
                            found.add(call);
                        }
                    } else {
                        walk(t.getValueNode());
                    }
                }
            }
        }
    }

    /** The URI of a route's {@code from:}, or null. */
    private static ScalarNode fromUri(Node route) {
        if (route instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("from")
                        && t.getValueNode() instanceof MappingNode from) {
                    for (NodeTuple f : from.getValue()) {
                        if (f.getKeyNode() instanceof ScalarNode fk && fk.getValue().equals("uri")
                                && f.getValueNode() instanceof ScalarNode uri) {
                            return uri;
                        }
                    }
                }
            }
        }
        return null;
    }

    /** A Quartz consumer's {@code cron=} must be a cron expression Quartz takes (said at load, not at start-up). */
    private void cron(ScalarNode from, List<Problem> problems) {
        if (from == null || !from.getValue().startsWith("quartz:")) {
            return;
        }
        int q = from.getValue().indexOf('?');
        for (String pair : q < 0 ? new String[0] : from.getValue().substring(q + 1).split("&")) {
            if (!pair.startsWith("cron=")) {
                continue;
            }
            String written = pair.substring(5);
            try {
                new org.quartz.CronExpression(placeholders.resolve(written).replace('+', ' '));
            } catch (Placeholders.Refused unresolved) {
                problems.add(new Problem(line(from), "cron", "its placeholder cannot be resolved: "
                        + unresolved.getMessage()));
            } catch (java.text.ParseException | RuntimeException invalid) {
                problems.add(new Problem(line(from), "cron", "'" + written + "' is not a Quartz cron expression ("
                        + invalid.getMessage() + "): seconds minutes hours day-of-month month day-of-week, "
                        + "e.g. 0 0/15 * * * ?"));
            }
        }
    }

    static String scalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : "";
    }

    static int line(Node node) {
        return node.getStartMark().map(Mark::getLine).map(l -> l + 1).orElse(1);
    }
}
