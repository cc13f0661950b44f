package org.orderhub.order;

import java.math.BigDecimal;
import java.util.Currency;

/** Converts exact minor units (900) to major units (9.00) by the currency's own number of decimals. */
public final class Money {

    private Money() {
    }

    public static BigDecimal toMajor(long minor, String currencyCode) {
        return BigDecimal.valueOf(minor, fractionDigits(currencyCode));
    }

    static int fractionDigits(String currencyCode) {
        if (currencyCode != null) {
            try {
                int digits = Currency.getInstance(currencyCode).getDefaultFractionDigits();
                if (digits >= 0) {
                    return digits;
                }
            } catch (IllegalArgumentException unknownCurrency) {
                // fall through to the common case
            }
        }
        return 2;
    }
}
