package org.orderhub.operator;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.camel.impl.DefaultCamelContext;
import org.orderhub.mapping.JsonataMappings;

/**
 * The hub's load check over a folder of route files, from the command line, for an operator's own CI over
 * the repository that holds their configuration:
 * {@code java -cp orderhub.jar org.orderhub.operator.CheckRouteFiles routes mappings [application.properties]}.
 * Each problem is one line {@code file:line: parameter: reason}; a route id or Kamelet instance used by two
 * files is one too. Exit status 0 when every file would load, 1 when one would be refused, 2 on bad usage.
 * Placeholders resolve from the settings file if given, else as on a fresh install (unset).
 */
public final class CheckRouteFiles {

    private CheckRouteFiles() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: java -cp orderhub.jar " + CheckRouteFiles.class.getName()
                    + " <routes folder> <mappings folder> [settings file]");
            System.exit(2);
        }
        Properties settings = new Properties();
        if (args.length == 3) {
            try (Reader in = Files.newBufferedReader(Path.of(args[2]), StandardCharsets.UTF_8)) {
                settings.load(in);
            }
        }
        System.exit(check(Path.of(args[0]), Path.of(args[1]), settings, System.out) == 0 ? 0 : 1);
    }

    /** Checks every {@code *.camel.yaml} under {@code routes}; prints each problem; returns how many. */
    public static int check(Path routes, Path mappings, Properties settings, PrintStream out) throws Exception {
        KameletCatalog kamelets;
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            kamelets = KameletCatalog.load(context);
        }
        RouteFileCheck check = new RouteFileCheck(kamelets, new Placeholders(
                name -> Optional.ofNullable(settings.getProperty(name)), name -> false),
                new JsonataMappings(mappings)::problem);
        List<String> problems = new ArrayList<>();
        Map<String, String> owners = new HashMap<>();
        for (Path file : files(routes)) {
            String name = routes.relativize(file).toString();
            RouteFileCheck.Checked checked = check.check(Files.readString(file, StandardCharsets.UTF_8));
            checked.problems().forEach(p -> problems.add(name + ":" + p.line() + ": "
                    + (p.parameter() == null ? "" : p.parameter() + ": ") + p.reason()));
            checked.routeIds().forEach((id, line) -> {
                String other = owners.putIfAbsent(id, name);
                if (other != null) {
                    problems.add(name + ":" + line + ": the route id " + id + " is already used by " + other);
                }
            });
        }
        problems.forEach(out::println);
        out.println(problems.isEmpty() ? "All route files under " + routes + " would load"
                : problems.size() + " problem(s): these files would be refused");
        return problems.size();
    }

    private static List<Path> files(Path routes) throws IOException {
        try (Stream<Path> files = Files.walk(routes)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml") && Files.isRegularFile(f))
                    .sorted().toList();
        }
    }
}
