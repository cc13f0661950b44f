package org.orderhub.mapping;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Partner mappings: {@code mappings/{name}.jsonata} turns a partner's body into a canonical order.
 * Each file is compiled once and again only when it changes on disk; a broken file or a failing
 * evaluation is logged once per file version, not per request.
 */
public final class JsonataMappings {

    private static final Logger LOG = LoggerFactory.getLogger(JsonataMappings.class);
    /** JSONata wants plain maps, lists and doubles, not exact decimals. */
    private static final ObjectMapper PLAIN = new ObjectMapper();

    private record Compiled(FileTime modified, PerThreadJsonata expression, String error) {
    }

    private final Path directory;
    private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    public JsonataMappings(Path directory) {
        this.directory = directory;
    }

    /**
     * Maps {@code input} with the named mapping file.
     *
     * @throws MappingException naming the mapping and the problem
     */
    public ObjectNode map(String file, JsonNode input) {
        Compiled c = load(file);
        if (c.error() != null) {
            throw failure(file, c, c.error());
        }
        Object result;
        try {
            result = c.expression().evaluate(PLAIN.convertValue(input, Object.class));
        } catch (RuntimeException e) {
            throw failure(file, c, e.getMessage());
        }
        if (!(result instanceof Map)) {
            throw failure(file, c, "the result is not a JSON object");
        }
        return org.orderhub.api.Json.MAPPER.valueToTree(result);
    }

    private Compiled load(String file) {
        Path path = directory.resolve(file);
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(path);
        } catch (NoSuchFileException e) {
            return shipped(file, path);
        } catch (IOException e) {
            return new Compiled(null, null, "the file " + path + " cannot be read: " + e.getMessage());
        }
        Compiled current = compiled.get(file);
        if (current != null && modified.equals(current.modified())) {
            return current;
        }
        Compiled fresh;
        try {
            fresh = new Compiled(modified, new PerThreadJsonata(Files.readString(path, StandardCharsets.UTF_8)), null);
            LOG.info("Mapping {} compiled", path);
        } catch (IOException | RuntimeException e) {
            fresh = new Compiled(modified, null, "it does not compile: " + e.getMessage());
        }
        compiled.put(file, fresh);
        return fresh;
    }

    /** The mapping the jar ships under this name, when the mappings folder has none (compiled once). */
    private Compiled shipped(String file, Path path) {
        return compiled.computeIfAbsent("classpath:" + file, k -> {
            try (java.io.InputStream in = JsonataMappings.class.getResourceAsStream("/mappings/" + file)) {
                if (in == null || file.contains("..")) {
                    return new Compiled(null, null, "the file " + path + " does not exist");
                }
                LOG.info("Mapping {} not in {}: using the one shipped in the jar", file, directory);
                return new Compiled(null, new PerThreadJsonata(new String(in.readAllBytes(), StandardCharsets.UTF_8)), null);
            } catch (IOException | RuntimeException e) {
                return new Compiled(null, null, "the shipped " + file + " does not compile: " + e.getMessage());
            }
        });
    }

    private MappingException failure(String file, Compiled c, String problem) {
        String message = "Mapping " + file + " failed: " + problem;
        // JSONata quotes the values it choked on: the partner gets them back, the log gets them masked
        String logged = "Mapping " + file + " failed: " + (problem == null ? "" : problem
                .replaceAll("\"[^\"]*\"", "\"…\"").replaceAll("\\[[^\\]]*\\]", "[…]"));
        if (this.logged.add(file + "@" + c.modified() + ":" + logged)) {
            LOG.warn("{} (logged once per file version)", logged);
        }
        return new MappingException(message);
    }
}
