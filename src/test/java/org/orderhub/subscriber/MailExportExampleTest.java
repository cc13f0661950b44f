package org.orderhub.subscriber;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.orderhub.RunningHub;

/**
 * The shipped e-mail export example (routes/exports/daily-mail.camel.yaml) copied as it is: idle while its
 * host is unset, and with only its documented settings set, it mails the orders to the address given.
 */
class MailExportExampleTest {

    @Test
    void the_shipped_daily_mail_example_works_with_its_documented_settings_only() throws Exception {
        ServerSetup smtp = new ServerSetup(RunningHub.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        GreenMail mail = new GreenMail(smtp);
        mail.start();
        Path routes = Files.createTempDirectory("orderhub-routes");
        Files.createDirectories(routes.resolve("exports"));
        Files.copy(Path.of("routes/exports/daily-mail.camel.yaml"), routes.resolve("exports/daily-mail.camel.yaml"));
        try (RunningHub hub = RunningHub.start(Map.of("orderhub.routes-dir", routes.toString(),
                "daily-mail.smtp-host", "127.0.0.1", "daily-mail.smtp-port", Integer.toString(smtp.getPort()),
                "daily-mail.smtp-security", "none", "daily-mail.from", "orderhub@example.com",
                "daily-mail.to", "ops@example.com, owner@example.com", "daily-mail.cron", "0/1 * * * * ?"))) {
            String sample;
            try (InputStream in = MailExportExampleTest.class.getResourceAsStream("/flyt/collection-by-customer.json")) {
                sample = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            HttpResponse<String> placed = hub.sendJson("POST", "/flyt/orders", MailExportTest.FLYT_TOKEN,
                    sample.replace("SKIP-12345678", "DAILY-1"));
            assertEquals(200, placed.statusCode(), placed.body());
            await().atMost(Duration.ofSeconds(20)).until(() -> mail.getReceivedMessagesForDomain("example.com").length >= 2);
            MimeMessage first = mail.getReceivedMessages()[0];
            assertTrue(first.getSubject().startsWith("orderhub daily export"), first.getSubject());
            jakarta.mail.internet.MimeMultipart parts = (jakarta.mail.internet.MimeMultipart) first.getContent();
            String csv = "";
            for (int i = 0; i < parts.getCount(); i++) {
                if (jakarta.mail.Part.ATTACHMENT.equalsIgnoreCase(parts.getBodyPart(i).getDisposition())) {
                    assertTrue(parts.getBodyPart(i).getFileName().startsWith("daily-mail-"), parts.getBodyPart(i).getFileName());
                    csv = new String(parts.getBodyPart(i).getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            assertTrue(csv.startsWith("id,status,fulfillment_status,"), csv);
            assertTrue(csv.contains("\n" + RunningHub.json(placed).get("OrderId").asText() + ","), csv);
            assertEquals(2, mail.getReceivedMessages().length, "one message, to both recipients");
        } finally {
            mail.stop();
        }
    }
}
