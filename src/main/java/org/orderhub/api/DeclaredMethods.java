package org.orderhub.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;

/** The methods the REST DSL (rest.camel.yaml) declares for each path, to name them in a 405. */
final class DeclaredMethods {

    /** A declared path: its template ({@code /admin/sites/{siteId}}) and its methods, sorted. */
    record Path(String template, Pattern pattern, TreeSet<String> methods) {
    }

    private final List<Path> paths;

    private DeclaredMethods(List<Path> paths) {
        this.paths = paths;
    }

    static DeclaredMethods of(CamelContext context) {
        Map<String, TreeSet<String>> byTemplate = new LinkedHashMap<>();
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        for (RestDefinition rest : model == null ? List.<RestDefinition>of() : model.getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                String template = join(rest.getPath(), verb.getPath());
                byTemplate.computeIfAbsent(template, t -> new TreeSet<>()).add(verb.asVerb().toUpperCase());
            }
        }
        List<Path> paths = new ArrayList<>();
        byTemplate.forEach((template, methods) -> paths.add(new Path(template, Pattern.compile(
                Pattern.quote(template).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q")), methods)));
        return new DeclaredMethods(paths);
    }

    /** The declaration that {@code path} matches, if any. */
    java.util.Optional<Path> find(String path) {
        return paths.stream().filter(p -> p.pattern().matcher(path).matches()).findFirst();
    }

    private static String join(String base, String sub) {
        String b = base == null ? "" : base;
        String s = sub == null ? "" : sub;
        if (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        if (!s.isEmpty() && !s.startsWith("/")) {
            s = "/" + s;
        }
        String joined = b + s;
        return joined.isEmpty() ? "/" : joined;
    }
}
