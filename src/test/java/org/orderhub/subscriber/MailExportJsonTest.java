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

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.orderhub.RunningHub;

/** An export by e-mail as JSON, each order reshaped by the export's outbound mapping (issue 16). */
class MailExportJsonTest {

    @Test
    void a_json_export_with_a_mapping_mails_each_order_in_the_receivers_shape() throws Exception {
        ServerSetup smtp = new ServerSetup(RunningHub.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        GreenMail mail = new GreenMail(smtp);
        mail.start();
        Path routes = Files.createTempDirectory("orderhub-routes");
        Path mappings = Files.createTempDirectory("orderhub-mappings");
        Files.createDirectories(routes.resolve("exports"));
        Files.writeString(mappings.resolve("bi-line.jsonata"),
                "{\"order\": id, \"state\": status, \"phone\": customer.phone, \"amount\": total}\n");
        try (RunningHub hub = RunningHub.start(Map.of("orderhub.routes-dir", routes.toString(),
                "orderhub.mappings-dir", mappings.toString(),
                "bi.host", "127.0.0.1", "bi.port", Integer.toString(smtp.getPort())))) {
            String sample;
            try (InputStream in = MailExportJsonTest.class.getResourceAsStream("/flyt/collection-by-customer.json")) {
                sample = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            HttpResponse<String> placed = hub.sendJson("POST", "/flyt/orders", "test-flyt-token-0123456789", sample);
            assertEquals(200, placed.statusCode(), placed.body());
            String id = RunningHub.json(placed).get("OrderId").asText();
            Files.writeString(routes.resolve("exports/bi.camel.yaml"), """
                    - route:
                        id: export-bi
                        from:
                          uri: "quartz:exports/bi?stateful=true&cron=0/1 * * * * ?"
                          steps:
                            - to: {id: export-bi-call, uri: "kamelet:orderhub-mail-export?export=bi&host={{?bi.host}}&port={{bi.port}}&security=none&from=hub@example.com&to=bi@example.com&format=json&mapping=bi-line.jsonata"}
                    """);

            await().atMost(Duration.ofSeconds(20)).until(() -> mail.getReceivedMessages().length >= 1);
            MimeMultipart parts = (MimeMultipart) mail.getReceivedMessages()[0].getContent();
            JsonNode orders = null;
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart part = parts.getBodyPart(i);
                if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                    assertTrue(part.getFileName().endsWith(".json"), part.getFileName());
                    orders = RunningHub.json(new String(part.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            assertEquals(1, orders.size(), String.valueOf(orders));
            assertEquals(id, orders.get(0).get("order").asText());
            assertEquals("pending", orders.get(0).get("state").asText());
            assertEquals("+447910575785", orders.get(0).get("phone").asText());
            assertEquals(9.0, orders.get(0).get("amount").asDouble(), 0.001);
            assertEquals(4, orders.get(0).size(), "only what the mapping writes");
        } finally {
            mail.stop();
        }
    }
}
