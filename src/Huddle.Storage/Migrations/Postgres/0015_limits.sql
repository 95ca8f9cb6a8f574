-- Counters of the per-IP and per-account limits, shared by every node (Limits/SharedLimits.cs).
-- UNLOGGED: no WAL for a hit, and a crash empties them, which costs at most one window of leniency.
CREATE UNLOGGED TABLE limit_windows (
    key     text   NOT NULL PRIMARY KEY,
    total   bigint NOT NULL,
    ends_at bigint NOT NULL
);

CREATE INDEX ix_limit_windows_ends ON limit_windows (ends_at);

-- Gauges (open hub connections per IP): each node's share, summed over live nodes.
CREATE UNLOGGED TABLE limit_gauges (
    node_id text   NOT NULL,
    key     text   NOT NULL,
    value   bigint NOT NULL,
    PRIMARY KEY (key, node_id)
);
