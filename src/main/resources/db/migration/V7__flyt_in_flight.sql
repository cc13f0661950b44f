-- Flyt orders being placed right now, when several nodes share the database: a Flyt retry that reaches
-- another node while the first attempt still runs waits for it instead of calling the terminal again.
-- A row lives as long as one attempt; a crashed node's row is taken over once claimed_until has passed.
CREATE TABLE flyt_in_flight (
    order_id      VARCHAR(128) NOT NULL PRIMARY KEY,
    node          VARCHAR(64)  NOT NULL,
    claimed_until TIMESTAMP WITH TIME ZONE NOT NULL
);
