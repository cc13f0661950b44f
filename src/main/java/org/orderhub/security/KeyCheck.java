package org.orderhub.security;

import java.util.List;

import org.orderhub.api.ApiException;

/** A family of keys, checked from a request's Authorization headers alone (the front door asks before any body). */
public interface KeyCheck {

    /** Null when the headers hold a key of this family; else the refusal (401, or 403 for a key of another family). */
    ApiException refusal(List<String> headers);
}
