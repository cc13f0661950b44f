-- One run at a time of each poller and export, on every node: a run holds its lease (holder, expiry), renews
-- it per page, and moves its watermark only while it holds it. Quartz's own non-concurrency is not a lock
-- across nodes (its cluster recovery frees blocked triggers; a changed cron reschedules the shared trigger).
CREATE TABLE run_leases (
    run_name   VARCHAR(200) PRIMARY KEY,
    holder     VARCHAR(200) NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
