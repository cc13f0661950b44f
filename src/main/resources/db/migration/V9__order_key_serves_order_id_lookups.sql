-- One index fewer per stored order (issue 15): the unique key leads with order_id, so it serves the
-- look-ups by order number alone (tracking, SPEC 4.2) that orders_order_id_idx served, and still the
-- upsert's (source, order_id) look-up.
ALTER TABLE orders ADD CONSTRAINT orders_order_id_source_uk UNIQUE (order_id, source);
ALTER TABLE orders DROP CONSTRAINT orders_source_order_id_uk;
DROP INDEX orders_order_id_idx;
