package org.orderhub.security;

import java.util.List;

import io.vertx.core.http.HttpServerRequest;

/**
 * Who sent a request, for the per-client caps and back-off: the peer's address, or, when the peer is one of
 * the configured trusted proxies ({@code orderhub.http.trusted-proxies}), the nearest address in its
 * {@code X-Forwarded-For} that is not itself a trusted proxy. A header from anyone else is ignored, so a
 * client cannot choose the address it is counted under.
 */
public final class ClientAddress {

    private final Networks trustedProxies;

    public ClientAddress(Networks trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    public String of(HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        return of(peer, request.headers().getAll("X-Forwarded-For"));
    }

    /** The client behind {@code peer}, given the X-Forwarded-For headers as received. */
    String of(String peer, List<String> forwardedFor) {
        if (trustedProxies.isEmpty() || !trustedProxies.contains(peer) || forwardedFor.isEmpty()) {
            return peer;
        }
        String[] hops = String.join(",", forwardedFor).split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (hop.isEmpty()) {
                continue;
            }
            if (!trustedProxies.contains(hop)) {
                return Networks.literal(hop) == null ? peer : hop;
            }
        }
        return peer;
    }
}
