package org.orderhub.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The changes-feed keys ({@code orderhub.feed-keys}): each {@code key}, which reads every site, or
 * {@code key@SITE1|SITE2}, which reads only those sites. Parsed once; the key at index i has scope i.
 */
public final class FeedKeys {

    private final List<String> keys;
    private final List<Set<String>> sites;

    private FeedKeys(List<String> keys, List<Set<String>> sites) {
        this.keys = List.copyOf(keys);
        this.sites = List.copyOf(sites);
    }

    public static FeedKeys parse(String setting) {
        List<String> keys = new ArrayList<>();
        List<Set<String>> sites = new ArrayList<>();
        for (String entry : setting == null ? List.<String>of() : Credentials.split(setting)) {
            int at = entry.lastIndexOf('@');
            keys.add(at < 0 ? entry : entry.substring(0, at));
            sites.add(at < 0 ? Set.of() : Set.copyOf(Arrays.stream(entry.substring(at + 1).split("\\|"))
                    .map(String::trim).filter(s -> !s.isEmpty()).toList()));
        }
        return new FeedKeys(keys, sites);
    }

    /** The keys alone, in order. */
    public List<String> keyList() {
        return keys;
    }

    /** The sites key {@code index} may read; empty for every site. */
    public Set<String> sites(int index) {
        return index < 0 || index >= sites.size() ? Set.of() : sites.get(index);
    }
}
