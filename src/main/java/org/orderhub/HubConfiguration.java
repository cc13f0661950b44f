package org.orderhub;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.spi.Registry;
import org.apache.camel.util.concurrent.SizedScheduledExecutorService;
import org.orderhub.flyt.FlytChecks;
import org.orderhub.flyt.FlytClaims;
import org.orderhub.flyt.FlytOrders;
import org.orderhub.flyt.TerminalForwarder;
import org.orderhub.mapping.JsonataMappings;
import org.orderhub.api.ErrorReply;
import org.orderhub.api.JsonRequest;
import org.orderhub.api.RequireMethod;
import org.orderhub.api.SchemaStep;
import org.orderhub.mapping.MappingStep;
import org.orderhub.api.HubMeters;
import org.orderhub.api.JsonErrorPages;
import org.orderhub.order.OrderAdminApi;
import org.orderhub.order.OrderStore;
import org.orderhub.order.RejectedOrders;
import org.orderhub.order.TagRules;
import org.orderhub.partner.PartnerPoller;
import org.orderhub.partner.CanonicalOrderCheck;
import org.orderhub.partner.SignatureStep;
import org.orderhub.partner.StoreDelivery;
import org.orderhub.partner.WebhookHeaderChecks;
import org.orderhub.security.BearerAuth;
import org.orderhub.security.Credentials;
import org.orderhub.security.FailedAuthentications;
import org.orderhub.security.FrontDoor;
import org.orderhub.security.InFlightBytes;
import org.orderhub.security.KeySet;
import org.orderhub.security.OutboundUrls;
import org.orderhub.security.RateLimiter;
import org.orderhub.site.DemoData;
import org.orderhub.site.SiteAdminApi;
import org.orderhub.site.SiteStore;
import org.orderhub.storage.Database;
import org.orderhub.storage.DatabaseHealthCheck;
import org.orderhub.storage.DatabaseScheduler;
import org.orderhub.storage.HubState;
import org.orderhub.subscriber.Deliveries;
import org.orderhub.subscriber.OrderExport;
import org.orderhub.subscriber.OutboxHealthCheck;
import org.orderhub.subscriber.Outbox;
import org.orderhub.subscriber.SubscriberAdminApi;
import org.orderhub.subscriber.SubscriberDispatcher;
import org.orderhub.subscriber.SubscriberMetrics;
import org.orderhub.tracking.TrackingApi;

/** Wires the hub's parts into the Camel registry, by the names the YAML routes use. */
@Configuration
public class HubConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        configureHub(context);
    }

    private static FlytOrders flytOrders(CamelContext context, HubSettings settings,
                                         OrderStore orders, SiteStore sites, Clock clock, FlytClaims claims,
                                         OutboundUrls urls) {
        long timeout = settings.millis("orderhub.flyt.timeout", "20s");
        ExecutorServiceManager executors = context.getExecutorServiceManager();
        ScheduledExecutorService deadlines = executors.newScheduledThreadPool(FlytOrders.class, "flyt-deadlines", 1);
        if (deadlines instanceof SizedScheduledExecutorService sized) {
            sized.getScheduledThreadPoolExecutor().setRemoveOnCancelPolicy(true);
        }
        return new FlytOrders(new FlytChecks(sites, clock), new TerminalForwarder(context.createProducerTemplate(), urls),
                orders, timeout, executors.newFixedThreadPool(FlytOrders.class, "flyt-orders",
                        settings.integer("orderhub.flyt.workers", 32)), deadlines, claims);
    }

    /** Makes {@code key-millis} hold the duration setting {@code key} in milliseconds, for the YAML routes. */
    private static void millisForRoutes(CamelContext context, HubSettings settings, String key, String fallback) {
        context.getPropertiesComponent().addOverrideProperty(key + "-millis",
                Long.toString(settings.millis(key, fallback)));
    }

    /** The template that sends subscriber events, its threads enough for every subscriber's sends at once. */
    private static org.apache.camel.ProducerTemplate subscriberPosts(CamelContext context, int concurrency) {
        org.apache.camel.ProducerTemplate template = context.createProducerTemplate();
        template.setExecutorService(context.getExecutorServiceManager().newThreadPool(SubscriberDispatcher.class,
                "subscriber-posts", Math.max(1, concurrency), Math.max(1, concurrency) * 8));
        return template;
    }

    private static void bindSubscribers(CamelContext context, HubMeters meters, HubSettings settings, Registry registry, Outbox outbox,
                                        OrderStore orders, HubState state, Clock clock, OutboundUrls urls,
                                        org.orderhub.storage.RunLeases leases) {
        Deliveries deliveries = new Deliveries(outbox.dataSource());
        registry.bind("subscriberDispatcher", new SubscriberDispatcher(outbox, deliveries, new SubscriberMetrics(meters),
                SubscriberDispatcher.Settings.of(
                        settings.get("orderhub.subscribers.retry-schedule", "0s,5s,5m,30m,2h,5h,10h,14h,20h,24h"),
                        settings.millis("orderhub.subscribers.request-timeout", "15s"),
                        settings.integer("orderhub.subscribers.concurrency", 8),
                        settings.integer("orderhub.subscribers.batch", 100),
                        settings.millis("orderhub.subscribers.retention", "168h")), clock, urls,
                subscriberPosts(context, settings.integer("orderhub.subscribers.concurrency", 8))));
        registry.bind("subscriberAdmin", new SubscriberAdminApi(outbox, deliveries, clock));
        registry.bind("outboxHealthCheck", new OutboxHealthCheck(outbox.dataSource(), clock,
                Duration.ofMillis(settings.millis("orderhub.subscribers.stuck-after", "15m"))));
        registry.bind("orderExport", new OrderExport(orders, state, clock, urls, leases));
        registry.bind("mailExport", new org.orderhub.subscriber.MailExport(orders, state, clock, urls, leases));
    }

    private static FrontDoor frontDoor(HubSettings settings, Credentials credentials, WebhookHeaderChecks webhooks,
                                       BearerAuth tracking, org.orderhub.security.FeedAuth feed, BearerAuth admin,
                                       BearerAuth flyt,
                                       org.orderhub.api.InboundRefusals inboundRefused) {
        KeySet adminKeys = credentials.keys(Credentials.ADMIN_KEYS);
        var families = new FrontDoor.Families(flyt, tracking, feed, admin,
                new BearerAuth(KeySet.union(adminKeys, credentials.keys(Credentials.METRICS_KEYS)),
                        Credentials.ADMIN_KEYS + " or " + Credentials.METRICS_KEYS, true),
                new BearerAuth(adminKeys, Credentials.ADMIN_KEYS, true));
        long maxBody = settings.integer("camel.server.max-body-size", 1_048_576);
        var limits = new FrontDoor.Limits(maxBody,
                new InFlightBytes(settings.bytes("orderhub.http.max-bytes-in-flight", "64MB"),
                        settings.bytes("orderhub.http.max-bytes-in-flight-per-client", "16MB")),
                settings.millis("orderhub.http.body-timeout", "30s"),
                Math.max(settings.millis("orderhub.http.idle-timeout", "60s"),
                        settings.millis("orderhub.flyt.timeout", "20s") + 10_000),
                new org.orderhub.security.ClientAddress(org.orderhub.security.Networks.parse(
                        settings.get("orderhub.http.trusted-proxies", ""))));
        return new FrontDoor(families, new FailedAuthentications(
                settings.integer("orderhub.auth.failure-allowance", 10),
                settings.integer("orderhub.auth.failures-per-minute", 10)), webhooks::refusal, limits, inboundRefused);
    }

    private void configureHub(CamelContext context) throws Exception {
        // first, so the HTTP server answers JSON 503 from its first request until everything is loaded
        org.orderhub.api.StartingGate gate = new org.orderhub.api.StartingGate();
        context.addStartupListener(gate);
        HubSettings settings = new HubSettings(context);
        Path dataDir = settings.path("orderhub.data-dir", "data");
        Files.createDirectories(dataDir);
        Path mappingsDir = settings.path("orderhub.mappings-dir", "mappings");
        Files.createDirectories(mappingsDir);
        // first: a key that is too short stops the start before anything is opened
        Credentials credentials = Credentials.load(settings::get, dataDir, settings.get("orderhub.db.url") != null);

        Database database = Database.open(settings.get("orderhub.db.url"), settings.get("orderhub.db.user"),
                settings.get("orderhub.db.password"), dataDir, settings.integer("orderhub.db.pool-size", 16),
                settings.get("orderhub.db.h2-options", ""));
        context.addService(database, true, true);
        String node = org.orderhub.storage.NodeId.of(settings.get("orderhub.node-id"), settings.get("camel.server.port"));
        context.getComponent("quartz", QuartzComponent.class).setSchedulerFactory(new DatabaseScheduler(
                database.dataSource(), settings.bool("orderhub.scheduler.clustered", !database.isEmbedded()),
                settings.millis("orderhub.scheduler.checkin-interval", "5s"),
                settings.integer("orderhub.scheduler.threads", 4), node));

        Clock clock = Clock.systemUTC();
        Outbox outbox = new Outbox(database.dataSource(), clock);
        OrderStore orders = new OrderStore(database.dataSource(), clock,
                new TagRules(mappingsDir.resolve(settings.get("orderhub.tag-rules", "tags.json"))), outbox);
        if (settings.bool("orderhub.db.fsync", false)) {
            orders.syncEachCommit();
        }
        // Camel stops services in reverse order: the writer stops before the database closes
        context.addService(new org.apache.camel.support.service.ServiceSupport() {
            @Override
            protected void doStop() {
                orders.close();
            }
        }, true, true);
        SiteStore sites = new SiteStore(database.dataSource(), clock);
        HubState state = new HubState(database.dataSource());
        if (settings.bool("orderhub.demo-data", true)) {
            DemoData.loadOnce(sites, state);
        }

        Registry registry = context.getRegistry();
        HubMeters meters = new HubMeters(context);
        orders.onStored((source, result) -> meters.count("orderhub.orders.received",
                "Orders stored, by source and outcome (created, updated, stale, duplicate)",
                "source", source, "outcome", result.outcome().name().toLowerCase(java.util.Locale.ROOT)));
        registry.bind("database", database);
        // for read-only query steps in routes (camel-jdbc): jdbc:orderhubDataSource
        registry.bind("orderhubDataSource", database.dataSource());
        registry.bind("databaseHealthCheck", new DatabaseHealthCheck(database));
        registry.bind("orderStore", orders);
        registry.bind("siteStore", sites);
        registry.bind("hubState", state);
        RejectedOrders rejections = new RejectedOrders(database.dataSource(), clock);
        registry.bind("rejectedOrders", rejections);
        org.orderhub.api.InboundRefusals refusals = new org.orderhub.api.InboundRefusals(meters, clock,
                java.time.Duration.ofMinutes(1));
        registry.bind("errorReply", new ErrorReply(refusals, rejections, java.util.List.of(
                new ErrorReply.Unprocessable(org.orderhub.mapping.MappingException.class, ""),
                new ErrorReply.Unprocessable(org.orderhub.mapping.UnmappableInput.class, ""),
                new ErrorReply.Unprocessable(org.orderhub.order.InvalidOrderException.class, "Invalid order: "))));
        BearerAuth trackingAuth = new BearerAuth(credentials.keys(Credentials.API_KEYS), Credentials.API_KEYS);
        BearerAuth adminAuth = new BearerAuth(credentials.keys(Credentials.ADMIN_KEYS), Credentials.ADMIN_KEYS);
        BearerAuth flytAuth = new BearerAuth(credentials.keys(Credentials.FLYT_TOKEN), Credentials.FLYT_TOKEN);
        registry.bind("trackingAuth", trackingAuth);
        org.orderhub.security.FeedAuth feedAuth = new org.orderhub.security.FeedAuth(credentials.feedKeys(), trackingAuth);
        registry.bind("feedAuth", feedAuth);
        registry.bind("adminAuth", adminAuth);
        registry.bind("flytAuth", flytAuth);
        OutboundUrls urls = new OutboundUrls(
                context.getCamelContextExtension().getEndpointUriFactory("http").propertyNames(),
                settings.get("orderhub.outbound.allowed-hosts"));
        registry.bind("trackingRateLimit", new RateLimiter(settings.decimal("orderhub.tracking.rate-limit", 20),
                settings.decimal("orderhub.tracking.burst", 40)));
        registry.bind("trackingApi", new TrackingApi(orders, settings.integer("orderhub.tracking.max-results", 50)));
        registry.bind("changesFeed", new org.orderhub.tracking.ChangesFeed(orders));
        registry.bind("siteAdmin", new SiteAdminApi(sites, urls));
        registry.bind("orderAdmin", new OrderAdminApi(orders));
        JsonataMappings mappings = new JsonataMappings(mappingsDir);
        // the steps of the inbound flows (routes/api/flyt.camel.yaml, partner-webhook.camel.yaml)
        registry.bind("openApiDocument", new org.orderhub.api.OpenApiDocument());
        registry.bind("postOnly", new RequireMethod("POST"));
        registry.bind("jsonRequest", JsonRequest.strict());
        registry.bind("jsonRequestWithComments", JsonRequest.withComments());
        registry.bind("flytSchema", new SchemaStep("/schemas/flyt-order.schema.json", JsonRequest.VARIABLE, 400));
        registry.bind("jsonataMapping", new MappingStep(mappings));
        // the steps of what goes out (routes/api/subscriber.camel.yaml, order-export.camel.yaml)
        registry.bind("outboundMapping", new org.orderhub.mapping.OutboundMapping(mappings));
        registry.bind("signBody", new org.orderhub.subscriber.SignBody(clock));
        registry.bind("mappingTryOut", new org.orderhub.partner.MappingTryOut(mappings));
        registry.bind("webhookSignature", new SignatureStep(clock));
        registry.bind("canonicalOrderCheck", new CanonicalOrderCheck(mappings));
        org.orderhub.partner.ParkedDeliveries parked = new org.orderhub.partner.ParkedDeliveries(database.dataSource(),
                clock, new org.orderhub.partner.ParkedDeliveries.Budget(
                        settings.integer("orderhub.parking.max-per-partner", 10_000),
                        settings.bytes("orderhub.parking.max-bytes-per-partner", "64MB")));
        registry.bind("storeDelivery", new StoreDelivery(orders, parked));
        registry.bind("flytOrders", flytOrders(context, settings, orders, sites, clock,
                database.isEmbedded() ? null : new FlytClaims(database.dataSource(), clock), urls));
        // camel-http timeouts and the poller's redelivery delay in the routes take milliseconds; the settings
        // are durations (15s, 500ms)
        millisForRoutes(context, settings, "orderhub.subscribers.request-timeout", "15s");
        millisForRoutes(context, settings, "orderhub.exports.request-timeout", "30s");
        millisForRoutes(context, settings, "orderhub.poller.backoff", "1s");
        // the poller Kamelet's circuitBreaker takes whole seconds
        context.getPropertiesComponent().addOverrideProperty("orderhub.poller.breaker-open-seconds",
                Long.toString(Math.max(1, settings.millis("orderhub.poller.breaker-open", "5m") / 1000)));
        org.orderhub.storage.RunLeases leases = new org.orderhub.storage.RunLeases(database.dataSource(), clock,
                Duration.ofMillis(settings.millis("orderhub.runs.lease-time", "2m")), node);
        leases.freeFormerLife(database.isEmbedded());
        registry.bind("partnerPoller", new PartnerPoller(mappings, orders, rejections, state, context, meters, urls,
                leases));
        bindSubscribers(context, meters, settings, registry, outbox, orders, state, clock, urls, leases);
        org.orderhub.operator.RouteFiles routeFiles = routeFiles(context, settings, registry, clock,
                new org.orderhub.operator.MappingFiles(mappingsDir, mappings));
        context.addStartupListener(new JsonErrorPages(routeFiles::unavailable));
        WebhookHeaderChecks webhookHeaders = new WebhookHeaderChecks(context, clock);
        context.getManagementStrategy().addEventNotifier(webhookHeaders);
        registry.bind("parkDelivery", new org.orderhub.partner.ParkDelivery(parked));
        registry.bind("parkedAdmin", new org.orderhub.partner.ParkedAdminApi(parked, webhookHeaders,
                context.createProducerTemplate(), routeFiles::awaitCurrent));
        context.addStartupListener(frontDoor(settings, credentials, webhookHeaders, trackingAuth, feedAuth, adminAuth,
                flytAuth, refusals));
        // last: the operator's files load once the listeners above have set up the HTTP server
        context.addStartupListener(new org.apache.camel.StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                // the operator's files load once every hub route runs (onCamelContextFullyStarted)
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) throws Exception {
                // Camel's HTTP endpoint summary (printed when the hub started) would be printed whole again at each
                // route file load; the "Loaded" line of a file names the path it serves instead
                org.apache.logging.log4j.core.config.Configurator.setLevel(
                        "org.apache.camel.component.platform.http.main.MainHttpServerUtil", org.apache.logging.log4j.Level.WARN);
                routeFiles.start();
                started.addService(routeFiles, true, false); // stopped with the hub
                gate.open();
            }
        });
    }

    /**
     * The operator's files under routes/, each checked and loaded on its own once the hub's own routes run
     * (a broken one is refused, the hub starts); then the start-up gate opens.
     */
    private static org.orderhub.operator.RouteFiles routeFiles(CamelContext context, HubSettings settings,
                                                               Registry registry, Clock clock,
                                                               org.orderhub.operator.MappingFiles mappings) {
        org.orderhub.operator.RouteFiles files = new org.orderhub.operator.RouteFiles(context,
                settings.path("orderhub.routes-dir", "routes"),
                Path.of(settings.get("orderhub.settings-file", "application.properties")), mappings,
                settings.millis("orderhub.routes.scan-interval", "1s"), clock);
        registry.bind("mappingsHealthCheck", new org.orderhub.operator.MappingsHealthCheck(mappings));
        registry.bind("routeFilesAdmin", new org.orderhub.operator.RouteFilesAdminApi(files));
        registry.bind("routeFilesHealthCheck", new org.orderhub.operator.RouteFilesHealthCheck(files));
        return files;
    }
}
