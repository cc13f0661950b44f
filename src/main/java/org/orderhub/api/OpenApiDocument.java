package org.orderhub.api;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.servers.Server;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.openapi.BeanConfig;
import org.apache.camel.openapi.RestOpenApiReader;
import org.apache.camel.openapi.RestOpenApiSupport;
import org.orderhub.partner.WebhookPaths;

/**
 * GET /openapi.json: the OpenAPI 3 document Camel generates from the REST DSL (rest.camel.yaml), plus one
 * operation per partner webhook route running now ({@code POST /webhooks/{partner}}): those routes are the
 * operators' own files, each with its own consumer, so the REST DSL cannot declare them.
 */
public final class OpenApiDocument implements Processor {


    @Override
    public void process(Exchange exchange) throws Exception {
        CamelContext context = exchange.getContext();
        RestOpenApiSupport support = new RestOpenApiSupport();
        BeanConfig config = new BeanConfig();
        Map<String, Object> properties = new HashMap<>();
        if (context.getRestConfiguration().getApiProperties() != null) {
            properties.putAll(context.getRestConfiguration().getApiProperties());
        }
        support.initOpenApi(config, properties);
        OpenAPI document = new RestOpenApiReader().read(context, support.getRestDefinitions(context), config,
                context.getName(), context.getClassResolver());
        document.setServers(List.of(new Server().url("/")));
        for (String partner : webhookPartners(context)) {
            document.path(WebhookPaths.of(partner), new PathItem().post(webhook(partner)));
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(RestOpenApiSupport.getJsonFromOpenAPIAsString(document, config));
    }

    /** The partners whose webhook routes run now, from their platform-http consumers. */
    static TreeSet<String> webhookPartners(CamelContext context) {
        TreeSet<String> partners = new TreeSet<>();
        for (Route route : context.getRoutes()) {
            if (route.getEndpoint() instanceof PlatformHttpEndpoint http && http.getPath() != null
                    && WebhookPaths.partner(http.getPath()) != null && context.getRouteController().getRouteStatus(route.getRouteId()).isStarted()) {
                partners.add(WebhookPaths.partner(http.getPath()));
            }
        }
        return partners;
    }

    private static Operation webhook(String partner) {
        ApiResponses answers = new ApiResponses()
                .addApiResponse("200", new ApiResponse().description("Stored (or already stored): {\"id\", \"result\"}"))
                .addApiResponse("401", new ApiResponse().description("Bad or missing signature; nothing stored"))
                .addApiResponse("422", new ApiResponse().description("The partner's data misses required fields"))
                .addApiResponse("503", new ApiResponse().description("The hub's configuration for this partner is "
                        + "incomplete; the delivery is kept, retry later"));
        return new Operation().operationId("webhook-" + partner).addTagsItem("/webhooks")
                .summary("An order event from partner " + partner + " (signed; mapped by its JSONata file)")
                .requestBody(new RequestBody().required(true).content(new Content()
                        .addMediaType("application/json", new MediaType().schema(new ObjectSchema()))))
                .responses(answers);
    }
}
