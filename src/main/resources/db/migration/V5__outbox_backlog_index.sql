-- The outbox health check reads the oldest due delivery of every subscriber: pending rows only.
CREATE INDEX outbox_deliveries_state_idx ON outbox_deliveries (state, next_attempt_at);
