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

    private static final java.util.regex.Pattern PHONE_LIKE = java.util.regex.Pattern.compile("\\+?\\(?\\d(?:[ ()-]{0,2}\\d){6,}");
    private static final java.util.regex.Pattern EMAIL_LIKE = java.util.regex.Pattern.compile("[^\\s\"'<>(),;:]+@[^\\s\"'<>(),;:]+");

    /**
     * An error message with the values it quotes ("…", […]) left out — JSONata quotes what it choked on — and
     * any phone number (7 digits or more) or e-mail address it names unquoted masked.
     */
    public static String quotedValues(String message) {
        if (message == null) {
            return "";
        }
        String unquoted = message.replaceAll("\"[^\"]*\"", "\"…\"").replaceAll("\\[[^\\]]*\\]", "[…]");
        unquoted = EMAIL_LIKE.matcher(unquoted).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(email(m.group())));
        return PHONE_LIKE.matcher(unquoted).replaceAll(m -> phone(m.group()));
    }
}
