-- Each parked delivery's size, so a partner's parking lot has a byte budget and its listing never reads bodies.
ALTER TABLE parked_deliveries ADD COLUMN body_bytes BIGINT DEFAULT 0 NOT NULL;
UPDATE parked_deliveries SET body_bytes = OCTET_LENGTH(body);
