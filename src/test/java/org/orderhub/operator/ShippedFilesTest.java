package org.orderhub.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * The example files operators copy: short (a webhook partner in at most 10 lines of YAML, a poller in at most
 * 12, comments not counted) and valid by the hub's own check, against the Kamelets shipped in the jar.
 */
class ShippedFilesTest {

    private static long yamlLines(Path file) throws Exception {
        return Files.readAllLines(file).stream().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
    }

    @Test
    void the_example_partner_files_are_short() throws Exception {
        for (String webhook : List.of("acme-eats", "shopwave")) {
            long lines = yamlLines(Path.of("routes/partners/" + webhook + ".camel.yaml"));
            assertTrue(lines <= 10, webhook + ": " + lines + " lines");
        }
        long poller = yamlLines(Path.of("routes/partners/pollster.camel.yaml"));
        assertTrue(poller <= 12, "pollster: " + poller + " lines");
    }

    @Test
    void every_shipped_route_file_passes_the_check_and_calls_a_kamelet() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            KameletCatalog kamelets = KameletCatalog.load(context);
            assertEquals(List.of("orderhub-export", "orderhub-mail-export", "orderhub-polled-partner",
                    "orderhub-subscriber", "orderhub-webhook-partner"), List.copyOf(kamelets.names()));
            for (KameletCatalog.Kamelet k : kamelets.names().stream().map(n -> kamelets.find(n).orElseThrow()).toList()) {
                k.parameters().values().stream().filter(p -> List.of("secret", "credentials", "password").contains(p.name()))
                        .forEach(p -> assertTrue(p.password(), k.name() + "." + p.name() + " is format: password"));
            }
            // placeholders of unset settings resolve to nothing, as on a fresh install
            RouteFileCheck check = new RouteFileCheck(kamelets, new Placeholders(name -> java.util.Optional.empty(),
                    name -> false), new org.orderhub.mapping.JsonataMappings(Path.of("mappings"))::problem);
            try (Stream<Path> files = Files.walk(Path.of("routes"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".camel.yaml")).toList()) {
                    String text = Files.readString(file);
                    RouteFileCheck.Checked checked = check.check(text);
                    assertEquals(List.of(), checked.problems(), file.toString());
                    assertTrue(text.contains("kamelet:orderhub-"), file + " calls a Kamelet");
                }
            }
        }
    }
}
