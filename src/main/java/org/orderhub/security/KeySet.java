package org.orderhub.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/** Accepted secrets of one kind (API keys, admin keys, the Flyt token), compared in constant time. */
public final class KeySet {

    private final List<byte[]> digests;

    public KeySet(List<String> keys) {
        this.digests = keys.stream().map(KeySet::sha256).toList();
    }

    private KeySet(List<byte[]> digests, boolean hashed) {
        this.digests = digests;
    }

    /** Every key of these sets (metrics accept admin keys and metrics keys). */
    public static KeySet union(KeySet... sets) {
        return new KeySet(java.util.Arrays.stream(sets).flatMap(s -> s.digests.stream()).toList(), true);
    }

    /**
     * The position of the matching key, or -1. Every key is compared, and digests of equal length
     * are compared, so neither the time taken nor an early exit tells how close a guess was.
     */
    public int match(String presented) {
        if (presented == null) {
            return -1;
        }
        byte[] candidate = sha256(presented);
        int found = -1;
        for (int i = 0; i < digests.size(); i++) {
            if (MessageDigest.isEqual(digests.get(i), candidate) && found < 0) {
                found = i;
            }
        }
        return found;
    }

    public int size() {
        return digests.size();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
