package org.orderhub.security;

import java.lang.reflect.Field;
import java.util.concurrent.TimeUnit;

import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets on the running Vert.x server what camel-platform-http 4.18 offers no setting for: an idle timeout per
 * connection (which also closes one that never sends a request), a 16 KB request line, and cleartext
 * HTTP/2 (h2c) off.
 * <p>
 * Why h2c is off: the hub serves plain HTTP behind a TLS-terminating proxy; partners, Flyt, subscribers'
 * callers and browsers all speak HTTP/1.1 to it, and HTTP/2 from a browser needs TLS, which the hub does not
 * terminate. Nothing needs h2c, and each HTTP/2 stream is a request whose body Vert.x buffers without the
 * per-connection caps and timers the front door keeps for HTTP/1.1 — so an h2c upgrade or preface is simply
 * not understood: the connection stays HTTP/1.1 (an {@code Upgrade: h2c} header is ignored, a bare preface is
 * a malformed request).
 */
final class HttpServerHardening {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServerHardening.class);

    static final int MAX_REQUEST_LINE = 16 * 1024;

    private HttpServerHardening() {
    }

    /** Applies both, or says plainly which could not be applied. */
    static void apply(HttpServer server, long idleTimeoutMillis) {
        try {
            HttpServerOptions options = (HttpServerOptions) field(server.getClass(), "options").get(server);
            options.setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
            options.setIdleTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeoutMillis));
            options.setHttp2ClearTextEnabled(false); // for any later listen
            // a long query (a hostile 5,000-character filter) reaches the routes, which answer it with a JSON
            // 400 naming the parameter, instead of Vert.x's bare 414 (HTTP/2 had no such limit)
            options.setMaxInitialLineLength(MAX_REQUEST_LINE);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("Could not set the HTTP idle timeout ({}): put a reverse proxy with timeouts in front of "
                    + "the hub", e.toString());
        }
        try {
            // the server listens already: its connection worker read the h2c option when it was made
            Object worker = field(server.getClass(), "childHandler").get(server);
            field(worker.getClass(), "disableH2C").setBoolean(worker, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("Could not turn cleartext HTTP/2 off ({}): HTTP/2 requests are refused one by one instead",
                    e.toString());
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException next) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(name);
    }
}
