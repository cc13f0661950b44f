package org.orderhub.flyt;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.orderhub.api.ApiException;
import org.orderhub.api.HttpExchanges;
import org.orderhub.mapping.MappingStep;
import org.orderhub.order.OrderStore;
import org.orderhub.site.Site;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code place-order} step of {@code POST /flyt/orders} (seed 001, SPEC 4.1): takes the mapped order
 * (variable {@code order}), checks the store, forwards to its terminal and stores the order, all within
 * the time budget, and answers {@code {"OrderId": id}}. One step because these must happen as one: the
 * 408 at the deadline and the commit exclude each other.
 * <p>
 * The order is committed only after every check and the terminal have said yes, and only if the
 * budget has not run out: when it runs out first, the answer is 408 at that moment and nothing is
 * kept, so Flyt's retry starts clean. Copies of one order that arrive together share one attempt,
 * so the terminal sees the order once and every copy gets the same answer.
 */
public final class FlytOrders extends AsyncProcessorSupport {

    public static final String SOURCE = "flyt";
    private static final Logger LOG = LoggerFactory.getLogger(FlytOrders.class);

    private enum State { RUNNING, COMMITTING, ABANDONED }

    /** A claim outlives the attempt's budget by this much, so only a dead node's claim ever lapses. */
    private static final long CLAIM_MARGIN_MILLIS = 5_000;
    private static final long CLAIM_POLL_MILLIS = 50;

    /** One order being placed: its outcome, and whether it may still be committed. */
    private static final class Attempt {
        final CompletableFuture<Long> result = new CompletableFuture<>();
        final AtomicReference<State> state = new AtomicReference<>(State.RUNNING);
    }

    private final FlytChecks checks;
    private final TerminalForwarder terminal;
    private final OrderStore orders;
    private final long timeoutMillis;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final Map<String, Attempt> inFlight = new ConcurrentHashMap<>();
    private final FlytClaims claims;

    /** @param claims the other nodes' attempts, on a shared database; null when this JVM is the only node */
    public FlytOrders(FlytChecks checks, TerminalForwarder terminal,
                      OrderStore orders, long timeoutMillis, ExecutorService workers, ScheduledExecutorService timer,
                      FlytClaims claims) {
        this.claims = claims;
        this.checks = checks;
        this.terminal = terminal;
        this.orders = orders;
        this.timeoutMillis = timeoutMillis;
        this.workers = workers;
        this.timer = timer;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        // the budget started when the request came in: parsing and mapping (the steps before) count too
        long deadline = exchange.getClock().getCreated() + timeoutMillis;
        ObjectNode order = exchange.getVariable(MappingStep.ORDER, ObjectNode.class);
        String orderId = order.path("order_id").asText();
        Attempt attempt = new Attempt();
        Attempt running = inFlight.putIfAbsent(orderId, attempt);
        if (running == null) {
            long remaining = Math.max(0, deadline - System.currentTimeMillis());
            Attempt mine = attempt;
            var deadlineTask = timer.schedule(() -> abandon(mine, orderId), remaining, TimeUnit.MILLISECONDS);
            mine.result.whenComplete((id, failure) -> deadlineTask.cancel(false));
            workers.execute(() -> place(mine, order));
        } else {
            attempt = running;
        }
        attempt.result.whenComplete((id, failure) -> {
            if (failure == null) {
                HttpExchanges.reply(exchange, 200, Map.of("OrderId", id));
            } else {
                exchange.setException(failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure);
            }
            callback.done(false);
        });
        return false;
    }

    /** Runs on a worker: everything that may take time, then the commit if the budget still allows. */
    private void place(Attempt attempt, ObjectNode order) {
        String orderId = order.path("order_id").asText();
        boolean claimed = false;
        try {
            if (completeIfStored(attempt, orderId)) {
                return; // Flyt retried an order the hub already took
            }
            String storeId = order.path("site_id").asText();
            Site site = checks.check(storeId, order.path("items"));
            if (!order.hasNonNull("currency")) {
                order.put("currency", site.currency());
            }
            if (site.terminalUrl() != null) {
                if (claims != null && !(claimed = awaitClaim(attempt, orderId))) {
                    return; // another node placed it (answered with its id) or the budget ran out
                }
                terminal.forward(storeId, site.terminalUrl(), order);
            }
            if (!attempt.state.compareAndSet(State.RUNNING, State.COMMITTING)) {
                LOG.warn("Flyt order {} at {} finished after its {} ms budget: not kept (Flyt was answered 408)",
                        orderId, storeId, timeoutMillis);
                return;
            }
            // on a shared database Flyt's OrderId is also the delivery, so a retry racing on another
            // node is answered with this order instead of updating it
            attempt.result.complete(orders.upsert(SOURCE, claims == null ? null : orderId, order).id());
        } catch (Throwable e) {
            attempt.result.completeExceptionally(e);
        } finally {
            inFlight.remove(orderId, attempt);
            if (claimed) {
                release(orderId);
            }
        }
    }

    /**
     * Before a terminal call on a shared database: waits while another node places this order (a retry
     * the balancer sent elsewhere). True when this node holds the claim and the order is not stored yet.
     */
    private boolean awaitClaim(Attempt attempt, String orderId) throws java.sql.SQLException, InterruptedException {
        while (!claims.claim(orderId, timeoutMillis + CLAIM_MARGIN_MILLIS)) {
            if (completeIfStored(attempt, orderId) || attempt.state.get() != State.RUNNING) {
                return false;
            }
            Thread.sleep(CLAIM_POLL_MILLIS);
        }
        if (completeIfStored(attempt, orderId)) { // the other node stored it as it let go
            release(orderId);
            return false;
        }
        return true;
    }

    private boolean completeIfStored(Attempt attempt, String orderId) throws java.sql.SQLException {
        java.util.Optional<Long> stored = orders.idOf(SOURCE, orderId);
        stored.ifPresent(attempt.result::complete);
        return stored.isPresent();
    }

    private void release(String orderId) {
        try {
            claims.release(orderId);
        } catch (java.sql.SQLException e) {
            // the claim lapses by itself; until then a retry elsewhere waits or finds the stored order
            LOG.warn("Could not release the claim on Flyt order {}: {}", orderId, e.getMessage());
        }
    }

    /** At the deadline: unless the commit has begun, the order is refused with 408 and never kept. */
    private void abandon(Attempt attempt, String orderId) {
        if (attempt.state.compareAndSet(State.RUNNING, State.ABANDONED)) {
            inFlight.remove(orderId, attempt);
            attempt.result.completeExceptionally(new ApiException(408, "The order could not be processed within "
                    + java.time.Duration.ofMillis(timeoutMillis).toString().substring(2).toLowerCase()
                    + "; it was not placed and can be sent again"));
        }
    }
}
