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
    void the_command_line_check_names_file_line_and_parameter_and_a_partner_served_twice() throws Exception {
        Path routes = Files.createTempDirectory("orderhub-check");
        Files.createDirectories(routes.resolve("partners"));
        Files.copy(Path.of("routes/partners/acme-eats.camel.yaml"), routes.resolve("partners/acme-eats.camel.yaml"));
        Files.writeString(routes.resolve("partners/copy.camel.yaml"), Files.readString(
                Path.of("routes/partners/acme-eats.camel.yaml")).replace("id: partner-acme-eats", "id: partner-copy")
                .replace("partner-acme-eats-call", "partner-copy-call"));
        Files.writeString(routes.resolve("partners/typo.camel.yaml"), OperatorMistakesTestFiles.partnerFile("typo",
                "&signatureSchem=standard-webhooks&mapping=acme-eats.jsonata"));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int problems = CheckRouteFiles.check(routes, Path.of("mappings"), new java.util.Properties(),
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(2, problems, printed);
        assertTrue(printed.contains("partners/typo.camel.yaml:6: signatureSchem: not a parameter of Kamelet "
                + "orderhub-webhook-partner (did you mean signatureScheme?)"), printed);
        assertTrue(printed.contains("the route id orderhub-webhook-partner-acme-eats is already used by "
                + "partners/acme-eats.camel.yaml"), printed);
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
            // placeholders of unset settings resolve to nothing, as on a fresh install: the command-line check
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            int problems = CheckRouteFiles.check(Path.of("routes"), Path.of("mappings"), new java.util.Properties(),
                    new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(0, problems, out.toString(java.nio.charset.StandardCharsets.UTF_8));
            try (Stream<Path> files = Files.walk(Path.of("routes"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".camel.yaml")).toList()) {
                    assertTrue(Files.readString(file).contains("kamelet:orderhub-"), file + " calls a Kamelet");
                }
            }
        }
    }
}
