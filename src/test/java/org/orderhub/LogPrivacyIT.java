package org.orderhub;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * After the whole test suite (run by failsafe in {@code mvn verify}, after surefire): reads every log
 * the hubs wrote — the in-process hubs' in target/surefire-reports(-postgres), the child JVMs' in
 * target/hub-logs — and fails on personal data at INFO and above: the fixtures' phones, emails, names
 * and addresses, and anything shaped like an email or a full phone number.
 */
class LogPrivacyIT {

    /** Personal data the fixtures (seed samples included) send. */
    private static final List<String> FIXTURE_PII = List.of("7910575785", "867-5309", "8675309", "4151234001",
            "jane@example.com", "jane.doe@example.com", "John Smith", "Hannah Customer", "Jane Doe", "123 Main Street",
            "Smith", "Hannah");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\\.[A-Za-z0-9.-]*[A-Za-z]{2,}");
    /** A phone as people write it: standing alone (not inside an id or path), 10 to 15 digits. */
    private static final Pattern PHONE = Pattern.compile("(?<![\\w/.-])\\+?\\(?\\d[\\d ()-]{8,18}\\d(?![\\w.-])");
    private static final Pattern EVENT = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T[\\d:,]+ (TRACE|DEBUG|INFO|WARN|ERROR) .*");

    @Test
    void no_personal_data_in_any_hub_log_of_the_test_suite() throws IOException {
        List<Path> logs = new ArrayList<>();
        for (String dir : List.of("target/surefire-reports", "target/surefire-reports-postgres", "target/hub-logs")) {
            if (Files.isDirectory(Path.of(dir))) {
                try (Stream<Path> files = Files.list(Path.of(dir))) {
                    files.filter(f -> f.toString().endsWith("-output.txt") || f.toString().endsWith(".log"))
                            .forEach(logs::add);
                }
            }
        }
        assertTrue(logs.size() > 10, "the suite's logs were not found: " + logs);
        List<String> leaks = new ArrayList<>();
        long lines = 0;
        for (Path log : logs) {
            String level = null;
            for (String line : Files.readAllLines(log)) {
                lines++;
                var event = EVENT.matcher(line);
                if (event.matches()) {
                    level = event.group(1);
                }
                if (level == null || level.equals("DEBUG") || level.equals("TRACE")) {
                    continue; // stack trace lines belong to the event above them
                }
                String leak = leak(line);
                if (leak != null) {
                    leaks.add(log.getFileName() + ": " + leak + " in: " + line.substring(0, Math.min(300, line.length())));
                }
            }
        }
        assertTrue(lines > 2_000, "only " + lines + " log lines read");
        assertTrue(leaks.isEmpty(), leaks.size() + " log lines with personal data, first ones:\n"
                + String.join("\n", leaks.subList(0, Math.min(15, leaks.size()))));
    }

    private static String leak(String line) {
        for (String pii : FIXTURE_PII) {
            if (line.contains(pii)) {
                return "'" + pii + "'";
            }
        }
        var email = EMAIL.matcher(line);
        if (email.find()) {
            return "email " + email.group();
        }
        var phone = PHONE.matcher(line.replaceAll("\\d{4}-\\d{2}-\\d{2}T[\\d:.,]+Z?", "")
                .replaceAll("(https?://|jdbc:)\\S+", "").replaceAll("\\b\\d{1,3}(\\.\\d{1,3}){3}(:\\d+)?", ""));
        while (phone.find()) {
            int digits = phone.group().replaceAll("\\D", "").length();
            if (digits >= 10 && digits <= 15) {
                return "phone-like " + phone.group();
            }
        }
        return null;
    }
}
