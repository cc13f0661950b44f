package org.orderhub.subscriber;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.orderhub.RunningHub;

/** Customers' text reaches an e-mailed CSV export as text a spreadsheet shows, never as a formula it runs. */
class MailExportCsvCellsTest {

    @Test
    void formula_cells_from_customers_arrive_neutralised_and_phone_numbers_stay_readable() throws Exception {
        ServerSetup smtp = new ServerSetup(RunningHub.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        GreenMail mail = new GreenMail(smtp);
        mail.start();
        Path routes = Files.createTempDirectory("orderhub-routes");
        Files.createDirectories(routes.resolve("exports"));
        try (RunningHub hub = RunningHub.start(Map.of("orderhub.routes-dir", routes.toString(),
                "mail.port", Integer.toString(smtp.getPort())))) {
            List<String> names = List.of("=HYPERLINK(\"http://evil.example/x\",\"Refund\")", "+cmd|' /C calc'!A0",
                    "@SUM(1+1)", "-2+3+cmd|' /C calc'!A0");
            String sample;
            try (InputStream in = MailExportCsvCellsTest.class.getResourceAsStream("/flyt/collection-by-customer.json")) {
                sample = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            for (int i = 0; i < names.size(); i++) {
                String body = sample.replace("SKIP-12345678", "CSV-" + i + "-" + System.nanoTime())
                        .replace("\"John\"", com.fasterxml.jackson.databind.json.JsonMapper.builder().build()
                                .writeValueAsString(names.get(i)));
                HttpResponse<String> placed = hub.sendJson("POST", "/flyt/orders", "test-flyt-token-0123456789", body);
                assertEquals(200, placed.statusCode(), placed.body());
            }
            Files.writeString(routes.resolve("exports/cells.camel.yaml"), """
                    - route:
                        id: export-cells
                        from:
                          uri: "quartz:exports/cells?stateful=true&cron=0/1 * * * * ?"
                          steps:
                            - to: {id: export-cells-call, uri: "kamelet:orderhub-mail-export?export=cells&host=127.0.0.1&port={{mail.port}}&security=none&from=hub@example.com&to=ops@example.com&subject=Orders&columns=customer.name,customer.phone"}
                    """);
            await().atMost(Duration.ofSeconds(20)).until(() -> mail.getReceivedMessages().length >= 1);
            Multipart parts = (Multipart) mail.getReceivedMessages()[0].getContent();
            String csv = null;
            for (int i = 0; i < parts.getCount(); i++) {
                if (Part.ATTACHMENT.equalsIgnoreCase(parts.getBodyPart(i).getDisposition())) {
                    csv = new String(parts.getBodyPart(i).getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                    .parse(new StringReader(csv)).getRecords();
            assertEquals(names.size(), rows.size(), csv);
            for (int i = 0; i < names.size(); i++) {
                assertEquals("'" + names.get(i) + " Smith", rows.get(i).get("customer.name"), csv);
                assertEquals("+447910575785", rows.get(i).get("customer.phone"), csv);
            }
        } finally {
            mail.stop();
        }
    }
}
