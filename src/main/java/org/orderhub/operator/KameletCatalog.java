package org.orderhub.operator;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.apache.camel.CamelContext;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The hub's Kamelets as the operator's files call them: each one's declared parameters (type, required,
 * default, enum, pattern, format, minimum, maximum), read from {@code kamelets/*.kamelet.yaml} in the jar.
 */
public final class KameletCatalog {

    /** One declared property of a Kamelet ({@code minimum}/{@code maximum} null when not declared). */
    public record Parameter(String name, String title, String type, boolean required, boolean hasDefault,
                            List<String> allowed, String pattern, boolean password, Long minimum, Long maximum) {
    }

    /** A Kamelet's name and its parameters by name. */
    public record Kamelet(String name, Map<String, Parameter> parameters) {
    }

    private final Map<String, Kamelet> byName;

    private KameletCatalog(Map<String, Kamelet> byName) {
        this.byName = java.util.Collections.unmodifiableMap(new TreeMap<>(byName));
    }

    /** The Kamelets the jar ships (kamelets/{name}.kamelet.yaml): read by name, no class path scan. */
    static final List<String> SHIPPED = List.of("orderhub-export", "orderhub-mail-export", "orderhub-polled-partner",
            "orderhub-subscriber", "orderhub-webhook-partner");

    /**
     * Reads the shipped Kamelets. By name: scanning the class path of the fat jar for kamelets/*.kamelet.yaml
     * took ~0.8 s of every start.
     */
    public static KameletCatalog load(CamelContext context) throws Exception {
        Map<String, Kamelet> kamelets = new TreeMap<>();
        for (String name : SHIPPED) {
            try (InputStream in = context.getClassResolver().loadResourceAsStream("kamelets/" + name + ".kamelet.yaml")) {
                if (in == null) {
                    throw new IllegalStateException("kamelets/" + name + ".kamelet.yaml is missing from the jar");
                }
                Kamelet k = parse(new Load(LoadSettings.builder().build()).loadFromInputStream(in));
                kamelets.put(k.name(), k);
            }
        }
        return new KameletCatalog(kamelets);
    }

    public Optional<Kamelet> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Set<String> names() {
        return byName.keySet();
    }

    @SuppressWarnings("unchecked")
    private static Kamelet parse(Object document) {
        Map<String, Object> root = (Map<String, Object>) document;
        String name = (String) ((Map<String, Object>) root.get("metadata")).get("name");
        Map<String, Object> definition = (Map<String, Object>) ((Map<String, Object>) root.get("spec")).get("definition");
        List<Object> required = (List<Object>) definition.getOrDefault("required", List.of());
        Map<String, Parameter> parameters = new LinkedHashMap<>();
        ((Map<String, Object>) definition.getOrDefault("properties", Map.of())).forEach((key, value) -> {
            Map<String, Object> p = (Map<String, Object>) value;
            List<String> allowed = new ArrayList<>();
            ((List<Object>) p.getOrDefault("enum", List.of())).forEach(v -> allowed.add(String.valueOf(v)));
            parameters.put(key, new Parameter(key, String.valueOf(p.getOrDefault("title", key)),
                    String.valueOf(p.getOrDefault("type", "string")), required.contains(key), p.containsKey("default"),
                    List.copyOf(allowed), (String) p.get("pattern"), "password".equals(p.get("format")),
                    p.get("minimum") instanceof Number min ? min.longValue() : null,
                    p.get("maximum") instanceof Number max ? max.longValue() : null));
        });
        return new Kamelet(name, parameters);
    }
}
