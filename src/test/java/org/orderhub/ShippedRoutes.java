package org.orderhub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The shipped routes/ folder for tests of event delivery itself (ordering, retries, crashes, clusters): a
 * copy whose FlyBuy subscriber sends the hub's own event, without the FlyBuy mapping the example names, so
 * the fake receiver reads the hub's ids. SubscriberMappingTest runs the example as shipped.
 */
public final class ShippedRoutes {

    /** The subscriber example's mapping parameter, as the shipped file writes it. */
    public static final String FLYBUY_MAPPING = "&mapping=flybuy-out.jsonata";
    private static Path hubPayload;

    private ShippedRoutes() {
    }

    /** A copy of routes/ (made once per test JVM) whose flybuy subscriber receives the hub's own events. */
    public static synchronized String hubPayload() {
        if (hubPayload == null) {
            try {
                Path copy = Files.createTempDirectory("orderhub-routes-hub-payload");
                try (Stream<Path> files = Files.walk(Path.of("routes"))) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        Path target = copy.resolve(Path.of("routes").relativize(file).toString());
                        Files.createDirectories(target.getParent());
                        Files.writeString(target, Files.readString(file).replace(FLYBUY_MAPPING, ""));
                    }
                }
                hubPayload = copy;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return hubPayload.toString();
    }
}
