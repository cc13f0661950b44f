package org.orderhub.operator;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.orderhub.api.ApiException;
import org.orderhub.api.HttpExchanges;

/**
 * {@code GET /admin/route-files}: every operator file with its state (loaded, or refused with line and
 * reason); {@code POST /admin/route-files/check}: the same check on a posted file, loading nothing.
 */
public final class RouteFilesAdminApi {

    private final RouteFiles files;

    public RouteFilesAdminApi(RouteFiles files) {
        this.files = files;
    }

    public void list(Exchange exchange) {
        List<Map<String, Object>> rows = files.states().stream().map(s -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("file", s.file());
            row.put("state", s.loaded() ? "loaded" : "refused");
            row.put("routes", s.routes());
            row.put("problems", problems(s.problems()));
            row.put("checked_at", s.checkedAt().toString());
            return row;
        }).toList();
        HttpExchanges.reply(exchange, 200, Map.of("directory", files.directory().toString(), "files", rows));
    }

    public void check(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body == null || body.length == 0) {
            throw new ApiException(400, "Post the route file's YAML as the request body");
        }
        RouteFileCheck.Checked checked = files.check(new String(body, StandardCharsets.UTF_8));
        HttpExchanges.reply(exchange, 200, Map.of("valid", checked.problems().isEmpty(),
                "routes", List.copyOf(checked.routeIds().keySet()), "problems", problems(checked.problems())));
    }

    private static List<Map<String, Object>> problems(List<RouteFileCheck.Problem> problems) {
        return problems.stream().map(p -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("line", p.line());
            if (p.parameter() != null) {
                row.put("parameter", p.parameter());
            }
            row.put("reason", p.reason());
            return row;
        }).toList();
    }
}
