package org.orderhub.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** A hostile cleartext HTTP/2 client written frame by frame (prior knowledge, HPACK literals only). */
final class Http2Frames {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final int DATA = 0x0;
    private static final int HEADERS = 0x1;
    private static final int SETTINGS = 0x4;
    private static final int END_HEADERS = 0x4;

    private Http2Frames() {
    }

    /**
     * Opens a connection with {@code streams} requests to a partner webhook with forged signature headers,
     * none ever ending, and sends up to {@code bytes} of body on each (as far as the hub reads). Asserts the hub
     * never answers in HTTP/2. The socket stays open for the caller to close.
     */
    static Socket neverEndingStreams(int port, int streams, int bytes, long now, String method) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(2_000);
        OutputStream out = socket.getOutputStream();
        try {
            out.write(PREFACE);
            frame(out, SETTINGS, 0, 0, new byte[0]);
            for (int i = 0; i < streams; i++) {
                int stream = 2 * i + 1;
                ByteArrayOutputStream block = new ByteArrayOutputStream();
                header(block, ":method", method);
                header(block, ":scheme", "http");
                header(block, ":path", "/webhooks/acme-eats");
                header(block, ":authority", "127.0.0.1:" + port);
                header(block, "content-type", "application/json");
                header(block, "webhook-id", "msg_h2_" + stream);
                header(block, "webhook-timestamp", Long.toString(now));
                header(block, "webhook-signature", "v1,Zm9yZ2VkIHNpZ25hdHVyZSBvZiB0aGlydHkgdHdvIGJ5dGVzIQ==");
                frame(out, HEADERS, END_HEADERS, stream, block.toByteArray()); // no END_STREAM: the body follows
            }
            byte[] chunk = new byte[16_384];
            java.util.Arrays.fill(chunk, (byte) ' ');
            for (int sent = 0; sent < bytes; sent += chunk.length) {
                for (int i = 0; i < streams; i++) {
                    frame(out, DATA, 0, 2 * i + 1, chunk);
                }
            }
        } catch (IOException refused) {
            // the hub closed the connection: what it should do
        }
        assertFalse(answersInHttp2(socket), "the hub answered an HTTP/2 preface in HTTP/2");
        return socket;
    }

    /** Whether the first bytes back are an HTTP/2 SETTINGS frame (type 4 at offset 3) rather than HTTP/1.1. */
    private static boolean answersInHttp2(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(9);
            return head.length == 9 && head[3] == SETTINGS && !new String(head, StandardCharsets.ISO_8859_1).startsWith("HTTP/");
        } catch (IOException closedOrSilent) {
            return false;
        }
    }

    private static void frame(OutputStream out, int type, int flags, int stream, byte[] payload) throws IOException {
        int n = payload.length;
        out.write(new byte[]{(byte) (n >>> 16), (byte) (n >>> 8), (byte) n, (byte) type, (byte) flags,
                (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream});
        out.write(payload);
    }

    /** A literal header field without indexing, new name, no Huffman (RFC 7541 6.2.2); short names and values. */
    private static void header(ByteArrayOutputStream block, String name, String value) {
        byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
        byte[] v = value.getBytes(StandardCharsets.ISO_8859_1);
        block.write(0);
        block.write(n.length);
        block.writeBytes(n);
        block.write(v.length);
        block.writeBytes(v);
    }
}
