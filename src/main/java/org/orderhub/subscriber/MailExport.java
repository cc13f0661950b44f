package org.orderhub.subscriber;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import jakarta.activation.DataHandler;
import jakarta.mail.util.ByteArrayDataSource;
import org.apache.camel.Exchange;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.camel.attachment.AttachmentMessage;
import org.orderhub.api.WarnOnce;
import org.orderhub.api.Json;
import org.orderhub.api.RouteVariables;
import org.orderhub.order.ChangedOrders;
import org.orderhub.order.OrderStore;
import org.orderhub.storage.HubState;
import org.orderhub.tracking.TrackingView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of an export by e-mail (seed 002 "exports via email", route order-mail-export): the orders
 * changed since the export's watermark (in the tracking schema, or in the export's outbound mapping) as one
 * CSV or JSON attachment, one message per run, none when nothing changed; the watermark moves only after
 * the SMTP server accepted the message, so a failed run sends the same orders next time. The Kamelet
 * orderhub-mail-export sets the variables (export, host, port, security, username, password, from, to,
 * subject, format, columns, maxOrders, outboundMapping).
 */
public final class MailExport {

    private static final Logger LOG = LoggerFactory.getLogger(MailExport.class);
    private static final int PAGE = 500;
    private static final String READY = "mailExportReady";

    private final OrderStore orders;
    private final HubState state;
    private final Clock clock;
    private final org.orderhub.security.OutboundUrls urls;
    private final org.orderhub.storage.RunLeases leases;
    private final WarnOnce warnings = new WarnOnce(LOG);

    public MailExport(OrderStore orders, HubState state, Clock clock, org.orderhub.security.OutboundUrls urls,
                      org.orderhub.storage.RunLeases leases) {
        this.leases = leases;
        this.urls = urls;
        this.orders = orders;
        this.state = state;
        this.clock = clock;
    }

    /**
     * Step mail-export-check-settings: the SMTP endpoint of this export (credentials stay in placeholders
     * until here and are masked wherever Camel shows the endpoint). A missing one is logged once and the
     * run sends nothing ({@code mailExportReady} false).
     */
    public void settings(Exchange exchange) throws java.sql.SQLException {
        exchange.setVariable(READY, false);
        String name = variable(exchange, "export");
        String host = variable(exchange, "host");
        String to = variable(exchange, "to");
        String from = variable(exchange, "from");
        if (host == null || to == null || from == null) {
            warnings.warn(name + "|unconfigured", "Mail export {} has no {} configured: it sends nothing", name,
                    host == null ? "host" : to == null ? "to" : "from");
            return;
        }
        String security = variable(exchange, "security");
        String port = variable(exchange, "port");
        String refused = urls.hostProblem(host);
        if (refused == null && (port == null || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535)) {
            refused = "port " + port + " is not a port number";
        }
        if (refused != null) {
            warnings.warn(name + "|host|" + host + "|" + port, "Mail export {}: the SMTP server {}; it sends nothing",
                    name, refused);
            return;
        }
        // the endpoint from validated parts: host and port checked above, credentials as RAW values
        StringBuilder uri = new StringBuilder("tls".equals(security) ? "smtps://" : "smtp://")
                .append(host).append(':').append(port).append("?connectionTimeout=10000");
        String user = variable(exchange, "username");
        if (user != null) {
            uri.append("&username=").append(raw(user)).append("&password=")
                    .append(raw(RouteVariables.text(exchange, "password", "")));
        }
        if ("starttls".equals(security)) {
            uri.append("&mail.smtp.starttls.enable=true&mail.smtp.starttls.required=true");
        }
        exchange.setVariable("smtpUri", uri.toString());
        exchange.setVariable(OrderExport.UNTIL,
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
        String lease = leases.acquire(OrderExport.runName(name));
        if (lease == null) {
            LOG.debug("Mail export {}: a run is still going (here or on another node): this one does not start", name);
            return;
        }
        exchange.setVariable(OrderExport.LEASE, lease);
        exchange.setVariable(READY, true);
    }

    /** A value Camel takes as it is: RAW(...), or RAW{...} when the value holds a ')'; refused if it holds both. */
    private static String raw(String value) {
        if (!value.contains(")")) {
            return "RAW(" + value + ")";
        }
        if (!value.contains("}")) {
            return "RAW{" + value + "}";
        }
        throw new IllegalArgumentException("an SMTP user name or password may not hold both ')' and '}'");
    }

    /**
     * Step mail-export-changed-orders: every order changed since the watermark, up to maxOrders (the rest
     * goes next run), as a JSON array in the tracking schema; {@code exportBatch} is how many.
     */
    public void changedOrders(Exchange exchange) throws Exception {
        String name = variable(exchange, "export");
        int max = Integer.parseInt(RouteVariables.text(exchange, "maxOrders", "10000"));
        ChangedOrders.Mark mark = state.get(OrderExport.watermarkKey(name)).map(ChangedOrders.Mark::parse).orElse(null);
        List<com.fasterxml.jackson.databind.node.ObjectNode> changed = new ArrayList<>();
        while (changed.size() < max) {
            ChangedOrders page = orders.changedSince(mark, Math.min(PAGE, max - changed.size()), null);
            changed.addAll(page.orders());
            mark = page.last();
            if (page.orders().size() < PAGE) {
                break;
            }
        }
        exchange.getMessage().getHeaders().clear();
        exchange.setVariable(OrderExport.BATCH, changed.size());
        exchange.setVariable(OrderExport.NEXT_MARK, mark == null ? null : mark.toString());
        exchange.getMessage().setBody(Json.MAPPER.writeValueAsBytes(TrackingView.render(changed)));
        if (changed.isEmpty()) {
            OrderExport.release(leases, exchange); // nothing to send: the run ends here
        }
    }

    /**
     * Step mail-export-to-csv: a header row and one row per order, of the export's columns (dotted paths),
     * each cell safe to open in a spreadsheet ({@link SpreadsheetCells}).
     */
    public byte[] csv(Exchange exchange) throws Exception {
        List<String> columns = List.of(RouteVariables.literal(exchange, "columns", "id").split("\\s*,\\s*"));
        StringBuilder text = new StringBuilder();
        try (CSVPrinter csv = new CSVPrinter(text, CSVFormat.DEFAULT)) {
            csv.printRecord(columns);
            for (JsonNode order : (ArrayNode) Json.MAPPER.readTree(exchange.getMessage().getBody(byte[].class))) {
                List<String> row = new ArrayList<>(columns.size());
                for (String column : columns) {
                    JsonNode value = order.at("/" + column.replace('.', '/'));
                    row.add(value.isMissingNode() || value.isNull() ? ""
                            : SpreadsheetCells.neutralise(value.isValueNode() ? value.asText() : value.toString()));
                }
                csv.printRecord(row);
            }
        }
        return text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Step mail-export-attach: the body becomes the attachment of a short message to the export's recipients. */
    public void attach(Exchange exchange) throws Exception {
        String name = variable(exchange, "export");
        boolean csv = "csv".equals(variable(exchange, "format"));
        String stamp = exchange.getVariable(OrderExport.UNTIL, OffsetDateTime.class).toInstant().toString()
                .replace(':', '-');
        String file = name + "-" + stamp + (csv ? ".csv" : ".json");
        byte[] content = exchange.getMessage().getBody(byte[].class);
        int count = exchange.getVariable(OrderExport.BATCH, Integer.class);
        AttachmentMessage message = exchange.getMessage(AttachmentMessage.class);
        message.addAttachment(file, new DataHandler(new ByteArrayDataSource(content,
                csv ? "text/csv; charset=UTF-8" : "application/json; charset=UTF-8")));
        message.setHeader("From", variable(exchange, "from"));
        message.setHeader("To", RouteVariables.literal(exchange, "to", null));
        message.setHeader("Subject", RouteVariables.literal(exchange, "subject", "orderhub export " + name)
                + ": " + count + " changed order" + (count == 1 ? "" : "s"));
        message.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=UTF-8");
        message.setBody(count + " order" + (count == 1 ? "" : "s") + " changed since the last export, in the attached "
                + file + ".\n");
    }

    /** Step mail-export-move-watermark: the SMTP server accepted the message. */
    public void moveWatermark(Exchange exchange) throws Exception {
        String name = variable(exchange, "export");
        String next = exchange.getVariable(OrderExport.NEXT_MARK, String.class);
        leases.moveWatermark(OrderExport.runName(name), exchange.getVariable(OrderExport.LEASE, String.class), state,
                OrderExport.watermarkKey(name), next);
        OrderExport.release(leases, exchange);
        LOG.info("Mail export {} sent {} changed orders, watermark {}", name,
                exchange.getVariable(OrderExport.BATCH, Integer.class), next);
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setBody(null);
    }

    /** When a run fails (the SMTP server refused or could not be reached): one WARN line, watermark kept. */
    public void failed(Exchange exchange) {
        OrderExport.release(leases, exchange);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Throwable cause = e;
        while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        LOG.warn("Mail export {} did not send {} changed orders, watermark kept: {}", variable(exchange, "export"),
                exchange.getVariable(OrderExport.BATCH, Integer.class),
                cause == null ? "unknown failure" : cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    private static String variable(Exchange exchange, String name) {
        return RouteVariables.text(exchange, name, null);
    }
}
