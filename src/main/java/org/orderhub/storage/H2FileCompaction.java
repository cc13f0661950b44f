package org.orderhub.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.h2.mvstore.MVStoreTool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shrinks the embedded H2 file while nothing has it open, by copy: the live data is written to a new file
 * beside it, which then replaces the old one in one atomic rename. A kill at any moment leaves either the
 * old file or the new one whole, never a file half moved — unlike H2's in-place compaction, which moves
 * chunks inside the file the hub writes to (kill -9 after it lost acknowledged orders: docs/storage.md).
 * Run when the hub stops, after the database is closed; a leftover copy from a killed run is removed first.
 */
final class H2FileCompaction {

    private static final Logger LOG = LoggerFactory.getLogger(H2FileCompaction.class);
    /** Below this the file is not worth a copy. */
    private static final long MIN_BYTES = 16L << 20;

    private H2FileCompaction() {
    }

    /** Finishes or discards what a compaction killed half-way left beside the file (H2's own clean-up). */
    static void removeLeftover(Path database) {
        MVStoreTool.compactCleanUp(database.toString());
    }

    /** H2's copying compaction: the live data into a temporary file, then an atomic rename over the old one. */
    static void compact(Path database) {
        try {
            if (!Files.exists(database) || Files.size(database) < MIN_BYTES) {
                return;
            }
            long before = Files.size(database);
            long started = System.nanoTime();
            MVStoreTool.compact(database.toString(), true);
            LOG.info("H2 file compacted at stop: {} MB to {} MB in {} ms", before >> 20, Files.size(database) >> 20,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            LOG.warn("H2 file not compacted at stop ({}); it is whole and used as it is", e.toString());
        }
    }
}
