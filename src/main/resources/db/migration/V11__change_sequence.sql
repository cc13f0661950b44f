-- The changes feed and exports page through changes in commit order: every group of order writes takes the
-- next number of change_counter at its start and holds that row's lock until it commits, so the numbers are
-- handed out in the order the groups commit, on every node. Orders changed before this migration keep 0
-- and are ordered by id among themselves. change_seq replaces changed_at as the feed's position.
ALTER TABLE orders ADD COLUMN change_seq BIGINT DEFAULT 0 NOT NULL;
CREATE TABLE change_counter (
    id  INT    PRIMARY KEY,
    seq BIGINT NOT NULL
);
INSERT INTO change_counter (id, seq) VALUES (1, 0);
CREATE INDEX orders_change_seq_idx ON orders (change_seq, id);
DROP INDEX orders_changed_idx;
