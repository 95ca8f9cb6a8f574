-- The music folder's index: one row per audio file, keyed by the folder and the file's path in it.
-- size + modified_at (Unix ms) tell whether the tags must be read again.
CREATE TABLE music_files (
    root         TEXT    NOT NULL,
    path         TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    modified_at  INTEGER NOT NULL,
    title        TEXT    NOT NULL,
    artist       TEXT    NOT NULL,
    album        TEXT    NOT NULL,
    year         INTEGER NOT NULL,
    genre        TEXT    NOT NULL,
    duration_s   INTEGER NOT NULL,
    track        INTEGER NOT NULL,
    cover_tag    TEXT,
    PRIMARY KEY (root, path)
) WITHOUT ROWID;
