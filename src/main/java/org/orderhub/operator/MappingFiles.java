package org.orderhub.operator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.orderhub.mapping.JsonataMappings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's mapping files under {@code mappings/}, compiled when they are saved, not first at a
 * delivery: each change gets one log line (compiled, or the parser's line, column and message), a broken
 * one is listed for the {@code mappings} health check, and a change lets the route files refused for a
 * missing or broken mapping be checked again.
 */
public final class MappingFiles {

    private static final Logger LOG = LoggerFactory.getLogger(MappingFiles.class);

    private final Path directory;
    private final JsonataMappings mappings;
    private final Map<String, FileTime> seen = new HashMap<>();
    private final Map<String, String> broken = new ConcurrentHashMap<>();

    public MappingFiles(Path directory, JsonataMappings mappings) {
        this.directory = directory;
        this.mappings = mappings;
    }

    /** Compiles each mapping added or changed since the last call; true if any was added, changed or removed. */
    synchronized boolean changed() {
        Map<String, FileTime> now = new HashMap<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> files = Files.list(directory)) {
                files.filter(p -> p.getFileName().toString().endsWith(".jsonata")).forEach(p -> {
                    try {
                        now.put(p.getFileName().toString(), Files.getLastModifiedTime(p));
                    } catch (IOException gone) {
                        // removed while listed: seen as removed
                    }
                });
            } catch (IOException e) {
                LOG.warn("Mappings under {} cannot be listed: {}", directory, e.toString());
                return false;
            }
        }
        boolean changed = !now.keySet().equals(seen.keySet());
        for (Map.Entry<String, FileTime> file : now.entrySet()) {
            if (!file.getValue().equals(seen.get(file.getKey()))) {
                changed = true;
                compile(file.getKey());
            }
        }
        broken.keySet().retainAll(now.keySet());
        seen.clear();
        seen.putAll(now);
        return changed;
    }

    /** JsonataMappings logs each compiled version; a refused one is said here, when it is saved. */
    private void compile(String file) {
        String problem = mappings.problem(file);
        if (problem == null) {
            broken.remove(file);
        } else if (!problem.equals(broken.put(file, problem))) {
            // the parser quotes the mapping's own text, never a partner's data
            LOG.warn("Mapping {} refused: {}", directory.resolve(file), problem);
        }
    }

    /** Each mapping file that does not compile, with why. */
    public Map<String, String> broken() {
        return new TreeMap<>(broken);
    }

    public Path directory() {
        return directory;
    }

    JsonataMappings compiler() {
        return mappings;
    }
}
