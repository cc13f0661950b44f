package org.orderhub.operator;

/** The partner files and sample deliveries of the operator-mistake tests, for other tests of partners. */
public final class OperatorMistakesTestFiles {

    private OperatorMistakesTestFiles() {
    }

    /** A partner's webhook route file calling the hub's Kamelet with the given extra parameters. */
    public static String partnerFile(String partner, String more) {
        return "- route:\n    id: partner-" + partner + "\n    from:\n      uri: platform-http:/webhooks/" + partner
                + "\n      steps:\n        - to: \"kamelet:orderhub-webhook-partner?partner=" + partner
                + "&secret={{?" + partner + ".webhook-secret}}" + more + "\"\n";
    }

    /** The acme-eats sample delivery with another order id. */
    public static String sample(String orderId) {
        return OperatorMistakesTest.sample(orderId);
    }
}
