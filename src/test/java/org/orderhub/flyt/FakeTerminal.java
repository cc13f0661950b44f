package org.orderhub.flyt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/** A site's POS terminal on 127.0.0.1: records what it receives; can be made to hang until released. */
public final class FakeTerminal implements AutoCloseable {

    private final HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch hang = new CountDownLatch(0);
    private volatile long answerMillis;

    public FakeTerminal() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/pos", exchange -> {
            requestLines.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            try {
                hang.await();
                Thread.sleep(answerMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/pos";
    }

    public List<String> received() {
        return received;
    }

    /** Method, path and query of each request, in the order they came. */
    public List<String> requestLines() {
        return requestLines;
    }

    /** From now on, each request takes this long to answer (as a busy till would). */
    public void answerAfter(long millis) {
        answerMillis = millis;
    }

    /** From now on, requests get no answer until {@link #answer()}. */
    void neverAnswer() {
        hang = new CountDownLatch(1);
    }

    void answer() {
        hang.countDown();
    }

    @Override
    public void close() {
        answer();
        server.stop(0);
    }
}
