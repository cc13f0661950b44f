package org.orderhub.subscriber;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orderhub.RunningHub;

/**
 * Exports by e-mail (issue 16, seed 002 "exports via email") against a real SMTP server on 127.0.0.1
 * (GreenMail): the first run mails every order, later runs only the changed ones, none when nothing
 * changed, and a run the SMTP server could not take keeps the watermark, so the next run mails them.
 */
class MailExportTest {

    static final String FLYT_TOKEN = "test-flyt-token-0123456789";
    static ServerSetup smtp;
    static GreenMail mail;
    static RunningHub hub;
    static Path routes;

    @BeforeAll
    static void start() throws IOException {
        smtp = new ServerSetup(RunningHub.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        mail = new GreenMail(smtp);
        mail.start();
        routes = Files.createTempDirectory("orderhub-routes");
        Files.createDirectories(routes.resolve("exports"));
        hub = RunningHub.start(Map.of("orderhub.routes-dir", routes.toString(),
                "mail.host", "127.0.0.1", "mail.port", Integer.toString(smtp.getPort()),
                "mail.from", "orderhub@example.com", "mail.to", "ops@example.com"));
    }

    @AfterAll
    static void stop() {
        hub.close();
        mail.stop();
    }

    private static String place(String reference) throws IOException {
        String sample;
        try (InputStream in = MailExportTest.class.getResourceAsStream("/flyt/collection-by-customer.json")) {
            sample = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        HttpResponse<String> placed = hub.sendJson("POST", "/flyt/orders", FLYT_TOKEN,
                sample.replace("SKIP-12345678", reference));
        assertEquals(200, placed.statusCode(), placed.body());
        return RunningHub.json(placed).get("OrderId").asText();
    }

    private static void status(String id, String status) {
        HttpResponse<String> r = hub.sendJson("POST", "/admin/orders/" + id + "/status", RunningHub.ADMIN_KEY,
                "{\"status\": \"" + status + "\"}");
        assertEquals(200, r.statusCode(), r.body());
    }

    /** The CSV attachment of a message, as records keyed by the header row. */
    private static List<CSVRecord> rows(MimeMessage message) throws Exception {
        MimeMultipart parts = (MimeMultipart) message.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                assertTrue(part.getFileName().startsWith("mail-test-") && part.getFileName().endsWith(".csv"),
                        part.getFileName());
                String csv = new String(part.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                        .parse(new StringReader(csv)).getRecords();
            }
        }
        throw new AssertionError("no attachment");
    }

    private static List<String> ids(List<CSVRecord> rows) {
        List<String> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(r.get("id")));
        return ids;
    }

    @Test
    void first_run_mails_every_order_then_only_changes_and_a_refused_run_keeps_the_watermark() throws Exception {
        List<String> placed = List.of(place("MAIL-1-" + System.nanoTime()), place("MAIL-2-" + System.nanoTime()),
                place("MAIL-3-" + System.nanoTime()));
        Files.writeString(routes.resolve("exports/mail-test.camel.yaml"), """
                - route:
                    id: export-mail-test
                    from:
                      uri: "quartz:exports/mail-test?stateful=true&cron=0/1 * * * * ?"
                      steps:
                        - to: {id: export-mail-test-call, uri: "kamelet:orderhub-mail-export?export=mail-test&host={{?mail.host}}&port={{mail.port}}&security=none&from={{?mail.from}}&to={{?mail.to}}&subject=Orders&columns=id,status,fulfillment_status,customer.phone"}
                """);

        await().atMost(Duration.ofSeconds(20)).until(() -> mail.getReceivedMessages().length >= 1);
        MimeMessage first = mail.getReceivedMessages()[0];
        assertEquals("Orders: 3 changed orders", first.getSubject());
        assertEquals("ops@example.com", first.getAllRecipients()[0].toString());
        List<CSVRecord> all = rows(first);
        assertEquals(placed, ids(all), "every order, oldest change first");
        assertEquals("pending", all.get(0).get("status"));
        assertTrue(all.get(0).get("customer.phone").endsWith("7910575785"), all.get(0).toString());

        Thread.sleep(2500);
        assertEquals(1, mail.getReceivedMessages().length, "nothing changed, nothing sent");

        status(placed.get(1), "ready");
        await().atMost(Duration.ofSeconds(10)).until(() -> mail.getReceivedMessages().length >= 2);
        List<CSVRecord> changed = rows(mail.getReceivedMessages()[1]);
        assertEquals(List.of(placed.get(1)), ids(changed), "only the changed order");
        assertEquals("ready", changed.get(0).get("fulfillment_status"));

        mail.stop(); // the SMTP server is down for a while
        status(placed.get(2), "cancelled");
        String late = place("MAIL-4-" + System.nanoTime());
        Thread.sleep(3000); // runs fail meanwhile
        mail = new GreenMail(smtp);
        mail.start();
        await().atMost(Duration.ofSeconds(15)).until(() -> mail.getReceivedMessages().length >= 1);
        assertEquals(List.of(placed.get(2), late), ids(rows(mail.getReceivedMessages()[0])),
                "the orders of the refused runs, once");
    }
}
