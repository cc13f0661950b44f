package org.orderhub.security;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.orderhub.api.ApiException;

/**
 * Who may read the changes feed: a key from {@code orderhub.feed-keys} (401 otherwise), and not a tracking
 * API key (403: the AI support tool looks orders up by customer, it does not page through every order).
 * Sets the sites the key may read as the exchange property {@link #SITES} for the feed to hold it to.
 */
public final class FeedAuth implements Processor, KeyCheck {

    /** Exchange property: the {@code Set<String>} of sites the feed key may read, empty for all. */
    public static final String SITES = "orderhub.feedSites";

    private final BearerAuth feed;
    private final BearerAuth tracking;
    private final FeedKeys keys;
    private final KeySet feedKeys;

    public FeedAuth(FeedKeys keys, BearerAuth tracking) {
        this.keys = keys;
        this.feedKeys = new KeySet(keys.keyList());
        this.feed = new BearerAuth(feedKeys, Credentials.FEED_KEYS);
        this.tracking = tracking;
    }

    @Override
    public ApiException refusal(List<String> headers) {
        ApiException refused = feed.refusal(headers);
        if (refused != null && tracking.refusal(headers) == null) {
            return new ApiException(403, "This API key has no rights to the changes feed: use a key from "
                    + Credentials.FEED_KEYS);
        }
        return refused;
    }

    @Override
    public void process(Exchange exchange) {
        List<String> headers = List.of();
        if (exchange.getIn() instanceof HttpMessage http && http.getRequest() != null) {
            headers = http.getRequest().headers().getAll("Authorization");
        }
        ApiException refused = refusal(headers);
        if (refused != null) {
            throw refused;
        }
        int index = feedKeys.match(BearerAuth.bearerToken(headers.get(0)));
        exchange.setProperty(BearerAuth.KEY_ID, Credentials.FEED_KEYS + "#" + index);
        exchange.setProperty(SITES, keys.sites(index));
    }
}
