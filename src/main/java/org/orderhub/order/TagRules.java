package org.orderhub.order;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.orderhub.api.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tags computed from an order's contents (seed 000: "orders that contain specific items can be tagged,
 * e.g. fries, frozen items"), from the operator's rules file, re-read when it changes. A broken file
 * is logged once and the rules read before stay in force.
 */
public final class TagRules {

    private static final Logger LOG = LoggerFactory.getLogger(TagRules.class);

    private record Rule(String tag, List<String> names, Set<String> skus) {
    }

    private record Loaded(FileTime modified, List<Rule> rules) {
    }

    private final Path file;
    private volatile Loaded loaded = new Loaded(null, List.of());

    public TagRules(Path file) {
        this.file = file;
    }

    /** Adds the tags the rules give to the order's own {@code tags}, sorted, without duplicates. */
    void apply(ObjectNode order) {
        List<Rule> rules = rules();
        Set<String> tags = new TreeSet<>();
        order.path("tags").forEach(t -> tags.add(t.asText()));
        for (Rule rule : rules) {
            if (matches(rule, order.path("items"))) {
                tags.add(rule.tag());
            }
        }
        if (!tags.isEmpty()) {
            ArrayNode out = order.putArray("tags");
            tags.forEach(out::add);
        }
    }

    private static boolean matches(Rule rule, JsonNode items) {
        for (JsonNode item : items) {
            String name = item.path("name").asText("").toLowerCase(Locale.ROOT);
            if (rule.skus().contains(item.path("sku").asText()) || rule.names().stream().anyMatch(name::contains)
                    || matches(rule, item.path("children"))) {
                return true;
            }
        }
        return false;
    }

    private List<Rule> rules() {
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            return loaded.rules();
        }
        Loaded current = loaded;
        if (modified.equals(current.modified())) {
            return current.rules();
        }
        List<Rule> rules = new ArrayList<>();
        try {
            for (JsonNode r : Json.MAPPER.readTree(Files.readString(file)).path("rules")) {
                List<String> names = new ArrayList<>();
                r.path("names").forEach(n -> names.add(n.asText().toLowerCase(Locale.ROOT)));
                Set<String> skus = new TreeSet<>();
                r.path("skus").forEach(s -> skus.add(s.asText()));
                if (r.path("tag").asText().isBlank()) {
                    throw new IOException("a rule has no tag");
                }
                rules.add(new Rule(r.path("tag").asText(), names, skus));
            }
            LOG.info("Tag rules read from {}: {} rules", file, rules.size());
            loaded = new Loaded(modified, List.copyOf(rules));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Tag rules in {} not applied, the previous ones stay: {}", file, e.getMessage());
            loaded = new Loaded(modified, current.rules());
        }
        return loaded.rules();
    }
}
