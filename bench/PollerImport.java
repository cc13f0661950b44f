import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import org.apache.camel.main.Main;
import org.orderhub.App;
import org.orderhub.partner.FakePartnerApi;
import org.orderhub.storage.HubState;

/**
 * How long one poller run takes to import N orders (pages of 100) from the test suite's fake partner API
 * into a fresh hub. Run: java -cp target/orderhub.jar:target/test-classes bench/PollerImport.java [orders]
 */
public class PollerImport {

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Instant t0 = Instant.parse("2024-10-10T10:00:00Z");
        try (FakePartnerApi api = new FakePartnerApi()) {
            for (int i = 1; i <= orders; i++) {
                api.put(i, "open", t0.plusSeconds(i));
            }
            Path data = Files.createTempDirectory("orderhub-poll-bench");
            Main main = App.newMain();
            main.addOverrideProperty("camel.server.port", "0");
            main.addOverrideProperty("camel.management.port", "0");
            main.addOverrideProperty("orderhub.data-dir", data.toString());
            main.addOverrideProperty("orderhub.api-keys", "bench-api-key-0123456789");
            main.addOverrideProperty("orderhub.admin-keys", "bench-admin-key-0123456789");
            main.addOverrideProperty("orderhub.flyt.token", "bench-flyt-token-0123456789");
            main.addOverrideProperty("pollster.url", api.url());
            main.addOverrideProperty("orderhub.outbound.allowed-hosts", "*,127.0.0.1"); // the fake partner is local
            main.addOverrideProperty("pollster.api-token", FakePartnerApi.TOKEN);
            main.addOverrideProperty("pollster.cron", "0/1 * * * * ?");
            main.start();
            HubState state = main.lookup("hubState", HubState.class);
            String last = t0.plusSeconds(orders).toString();
            while (api.requests.get() == 0) {
                Thread.sleep(5);
            }
            long started = System.nanoTime();
            while (!state.get("poller.pollster.watermark").equals(Optional.of(last))) {
                Thread.sleep(5);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("poller_orders=%d%npoller_import_seconds=%.2f%npoller_orders_per_second=%.0f%n",
                    orders, seconds, orders / seconds);
            main.stop();
        }
    }
}
