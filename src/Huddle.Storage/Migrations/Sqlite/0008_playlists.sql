-- The server's playlists: a name and a copy of each song (id, title, artist, genre, duration) in order.
CREATE TABLE playlists (
    id          TEXT    NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    song_count  INTEGER NOT NULL
);

CREATE TABLE playlist_songs (
    playlist_id TEXT    NOT NULL,
    position    INTEGER NOT NULL,
    catalog_id  TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    artist      TEXT    NOT NULL,
    genre       TEXT    NOT NULL,
    duration_s  INTEGER NOT NULL,
    PRIMARY KEY (playlist_id, position)
) WITHOUT ROWID;
