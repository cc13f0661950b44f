-- Partner webhook deliveries already applied, so a redelivery (also after a restart, or racing on
-- another thread or node) is answered with the same order and changes nothing.
CREATE TABLE webhook_deliveries (
    partner     VARCHAR(64)  NOT NULL,
    delivery_id VARCHAR(128) NOT NULL,            -- webhook-id, or a hash of partner, order and body
    order_pk    BIGINT       NOT NULL REFERENCES orders (id),
    received_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (partner, delivery_id)
);
