package org.orderhub.subscriber;

import java.util.regex.Pattern;

/**
 * A CSV cell a spreadsheet opens as text, never as a formula: a value that starts with {@code =}, {@code +},
 * {@code -}, {@code @}, a tab or a carriage return gets a leading {@code '} (OWASP's advice for CSV
 * injection), unless it is only a number or a phone number ({@code +44 7910 575785}, {@code -1.50}), which
 * no spreadsheet runs and which stays readable as it is.
 */
final class SpreadsheetCells {

    private static final Pattern NUMBER_OR_PHONE = Pattern.compile("[+-]?[0-9][0-9 ().,-]*");

    private SpreadsheetCells() {
    }

    static String neutralise(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        char first = cell.charAt(0);
        boolean formula = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        return formula && !NUMBER_OR_PHONE.matcher(cell).matches() ? "'" + cell : cell;
    }
}
