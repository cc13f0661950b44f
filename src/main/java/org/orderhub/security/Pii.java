package org.orderhub.security;

/** Masks personal data for logs: enough to tell two customers apart, not enough to contact one. */
public final class Pii {

    private Pii() {
    }

    /** {@code +447910575785} → {@code ***********85}. */
    public static String phone(String phone) {
        if (phone == null || phone.isEmpty()) {
            return "-";
        }
        int keep = Math.min(2, phone.length() / 4);
        return "*".repeat(phone.length() - keep) + phone.substring(phone.length() - keep);
    }

    /** {@code hannah@flyt.io} → {@code h***@f***}. */
    public static String email(String email) {
        if (email == null || email.isEmpty()) {
            return "-";
        }
        int at = email.indexOf('@');
        if (at <= 0 || at == email.length() - 1) {
            return email.charAt(0) + "***";
        }
        return email.charAt(0) + "***@" + email.charAt(at + 1) + "***";
    }

    /** Names, addresses and other free text: the first letter only. */
    public static String text(String text) {
        if (text == null || text.isEmpty()) {
            return "-";
        }
        return text.charAt(0) + "***";
    }

    /** An error message with the values it quotes ("…", […]) left out: JSONata quotes what it choked on. */
    public static String quotedValues(String message) {
        return message == null ? "" : message.replaceAll("\"[^\"]*\"", "\"…\"").replaceAll("\\[[^\\]]*\\]", "[…]");
    }
}
