package org.orderhub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * CI's short version of the crash loop (issue 24, bench/crash-loop.sh): the packaged jar under mixed load,
 * killed -9 at random moments on one data folder, six times. H2's retention time is shortened to 2 s
 * ({@code RETENTION_TIME}, the same setting H2 reads for its 45 s default), so the code that rewrites and
 * reuses chunks older than the retention time runs under the load within seconds instead of minutes: the
 * same loop on the jar before the fix lost acknowledged orders within three cycles this way. Every
 * acknowledged order, status change and subscriber event must be there after each restart.
 */
class CrashLoopIT {

    @Test
    void nothing_acknowledged_is_lost_when_an_aged_database_is_killed_again_and_again() throws Exception {
        Path log = Files.createTempFile("orderhub-crashloop", ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "bench/CrashLoop.java", "6", "20", "6", "14"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("CRASHLOOP_HUB_FLAGS", "-Dorderhub.db.h2-options=;RETENTION_TIME=2000");
        Process loop = builder.start();
        boolean done = loop.waitFor(8, TimeUnit.MINUTES);
        if (!done) {
            loop.destroyForcibly();
        }
        String output = read(log);
        assertTrue(done, "the loop finished within 8 minutes:\n" + output);
        assertTrue(output.contains("cycles=6"), output);
        for (String figure : List.of("lost=0", "lost_status_changes=0", "lost_in_file=0", "lost_events=0")) {
            assertTrue(output.lines().anyMatch(figure::equals), figure + "\n" + output);
        }
        assertTrue(output.lines().filter(l -> l.startsWith("acknowledged=")).map(l -> Integer.parseInt(l.substring(13)))
                .findFirst().orElse(0) > 500, "the loop acknowledged orders:\n" + output);
        assertEquals(0, loop.exitValue(), output);
    }

    private static String read(Path log) throws IOException {
        return String.join("\n", Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.startsWith("\tat ")).toList());
    }
}
