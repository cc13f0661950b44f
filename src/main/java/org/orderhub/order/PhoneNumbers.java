package org.orderhub.order;

/** Phone normalization of seed 002: digits only, compared on the last 7. */
public final class PhoneNumbers {

    public static final int KEY_DIGITS = 7;

    private PhoneNumbers() {
    }

    public static String digits(String phone) {
        StringBuilder sb = new StringBuilder(phone.length());
        for (int i = 0; i < phone.length(); i++) {
            char c = phone.charAt(i);
            if (c >= '0' && c <= '9') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The lookup key: the last 7 digits, or all digits when there are fewer; null for no digits. */
    public static String key(String phone) {
        if (phone == null) {
            return null;
        }
        String d = digits(phone);
        if (d.isEmpty()) {
            return null;
        }
        return d.length() <= KEY_DIGITS ? d : d.substring(d.length() - KEY_DIGITS);
    }
}
