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
 * Mappings: {@code mappings/{name}.jsonata} turns a partner's body into a canonical order (inbound), or the
 * hub's event or order into a receiver's own body (outbound).
 * Each file is compiled once and again only when it changes on disk; a broken file or a failing
 * evaluation is logged once per file version, not per request.
 */
public final class JsonataMappings {

    private static final Logger LOG = LoggerFactory.getLogger(JsonataMappings.class);
    /** JSONata wants plain maps, lists and doubles, not exact decimals. */
    private static final ObjectMapper PLAIN = new ObjectMapper();

    private record Compiled(FileTime modified, PerThreadJsonata expression, String error, String source) {
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
        return map(null, file, input);
    }

    /** As {@link #map(String, JsonNode)}, naming the partner in the log line of a failure. */
    public ObjectNode map(String partner, String file, JsonNode input) {
        return mapFor(partner == null ? null : "Partner " + partner, file, input);
    }

    /**
     * As {@link #map(String, JsonNode)} for any user of a mapping ({@code owner}, e.g. "Subscriber flybuy",
     * opens the log line of a failure); inbound and outbound mappings are the same kind of file.
     */
    public ObjectNode mapFor(String owner, String file, JsonNode input) {
        Compiled c = load(file);
        if (c.error() != null) {
            throw failure(owner, file, c, c.error());
        }
        Object result;
        try {
            result = c.expression().evaluate(PLAIN.convertValue(input, Object.class));
        } catch (com.dashjoin.jsonata.JException e) {
            if (isTypeOfAValue(e.getError())) {
                String field = InputPaths.of(input, e.getCurrent());
                throw new UnmappableInput("Mapping " + file + " cannot convert your data: " + (field == null
                        ? at(c.source(), e.getLocation()) : "field " + field + ": ") + e.getMessage());
            }
            throw failure(owner, file, c, at(c.source(), e.getLocation()) + e.getMessage());
        } catch (NumberFormatException e) {
            // $number() of a text that is no number fails in Java's parser: the partner's value if it is in the body
            String value = e.getMessage() == null ? null : e.getMessage().replaceFirst("^For input string: \"(.*)\"$", "$1");
            String field = InputPaths.of(input, value);
            if (field != null) {
                throw new UnmappableInput("Mapping " + file + " cannot convert your data: field " + field
                        + ": not a number");
            }
            throw failure(owner, file, c, e.getMessage());
        } catch (RuntimeException e) {
            throw failure(owner, file, c, e.getMessage());
        }
        if (!(result instanceof Map)) {
            throw failure(owner, file, c, "the result is not a JSON object");
        }
        return org.orderhub.api.Json.MAPPER.valueToTree(result);
    }

    /**
     * What is wrong with the mapping of this name as it is on disk now: null when it exists (in the mappings
     * folder or shipped in the jar) and compiles, else why not, with the parser's line and column.
     */
    public String problem(String file) {
        if (file.contains("..") || file.contains("/") || file.contains("\\")) {
            return "a mapping is a file name under " + directory + ", not a path";
        }
        if (!exists(file)) {
            return "the file " + directory.resolve(file) + " does not exist";
        }
        return load(file).error();
    }

    /** Whether a mapping of this name exists: in the mappings folder, or shipped in the jar. */
    public boolean exists(String file) {
        return !file.contains("..") && !file.contains("/") && (Files.isRegularFile(directory.resolve(file))
                || JsonataMappings.class.getResource("/mappings/" + file) != null);
    }

    private Compiled load(String file) {
        Path path = directory.resolve(file);
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(path);
        } catch (NoSuchFileException e) {
            return shipped(file, path);
        } catch (IOException e) {
            return new Compiled(null, null, "the file " + path + " cannot be read: " + e.getMessage(), null);
        }
        Compiled current = compiled.get(file);
        if (current != null && modified.equals(current.modified())) {
            return current;
        }
        Compiled fresh;
        String source = null;
        try {
            source = Files.readString(path, StandardCharsets.UTF_8);
            fresh = new Compiled(modified, new PerThreadJsonata(source), null, source);
            LOG.info("Mapping {} compiled", path);
        } catch (com.dashjoin.jsonata.JException e) {
            fresh = new Compiled(modified, null, "it does not compile: " + at(source, e.getLocation()) + e.getMessage(),
                    source);
        } catch (IOException | RuntimeException e) {
            fresh = new Compiled(modified, null, "it does not compile: " + e.getMessage(), source);
        }
        compiled.put(file, fresh);
        return fresh;
    }

    /** The mapping the jar ships under this name, when the mappings folder has none (compiled once). */
    private Compiled shipped(String file, Path path) {
        return compiled.computeIfAbsent("classpath:" + file, k -> {
            try (java.io.InputStream in = JsonataMappings.class.getResourceAsStream("/mappings/" + file)) {
                if (in == null || file.contains("..")) {
                    return new Compiled(null, null, "the file " + path + " does not exist", null);
                }
                LOG.info("Mapping {} not in {}: using the one shipped in the jar", file, directory);
                String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return new Compiled(null, new PerThreadJsonata(source), null, source);
            } catch (IOException | RuntimeException e) {
                return new Compiled(null, null, "the shipped " + file + " does not compile: " + e.getMessage(), null);
            }
        });
    }

    private MappingException failure(String owner, String file, Compiled c, String problem) {
        String message = "Mapping " + file + " failed: " + problem;
        // JSONata quotes the values it choked on: the partner gets them back, the log gets them masked
        String logged = (owner == null ? "" : owner + ": ") + "mapping " + directory.resolve(file)
                + " failed: " + org.orderhub.security.Pii.quotedValues(problem);
        if (this.logged.add(file + "@" + c.modified() + ":" + logged)) {
            LOG.warn("{} (logged once per file version)", logged);
        }
        return new MappingException(message);
    }

    /**
     * JSONata's errors about a value (T0410-T0412: a function's argument of the wrong type; T2001-T2010: an
     * operator's operand; D3030: $number() of a text that is no number; D3110: $toMillis() of a text that is
     * no timestamp): a correct mapping meeting a value the partner sent wrong. Every other evaluation error
     * (an unknown function, $error(), a result that is not an object) is the mapping's own.
     */
    private static boolean isTypeOfAValue(String code) {
        return code != null && (code.startsWith("T041") || code.startsWith("T20") || code.equals("D3030")
                || code.equals("D3110"));
    }

    /** "line L, column C: " of a character position in the mapping's source, if known. */
    private static String at(String source, int position) {
        if (source == null || position < 0 || position > source.length()) {
            return "";
        }
        int line = 1;
        int column = 1;
        for (int i = 0; i < position - 1 && i < source.length(); i++) {
            if (source.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return "line " + line + ", column " + column + ": ";
    }

    /**
     * Whether the mapping writes a field of this name anywhere ({@code name:} or {@code "name":}): a
     * required field it never writes is the mapping's fault, not the partner's data.
     */
    public boolean writes(String file, String name) {
        Compiled c = load(file);
        return c.source() == null || java.util.regex.Pattern.compile("(^|[^A-Za-z0-9_$.])[\"'`]?"
                + java.util.regex.Pattern.quote(name) + "[\"'`]?\\s*:").matcher(c.source()).find();
    }
}
