-- Several nodes: each records that it is alive, and which hub connections it holds. Presence in a
-- session is derived from these rows; a node whose beat goes stale is dead and its rows are deleted.
CREATE TABLE nodes (
    id      text   NOT NULL PRIMARY KEY,
    beat_at bigint NOT NULL
);

CREATE TABLE connections (
    id             text   NOT NULL PRIMARY KEY,
    node_id        text   NOT NULL,
    session_id     uuid   NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    participant_id text   NOT NULL,
    connected_at   bigint NOT NULL
);

CREATE INDEX ix_connections_session ON connections (session_id);
CREATE INDEX ix_connections_node ON connections (node_id);
