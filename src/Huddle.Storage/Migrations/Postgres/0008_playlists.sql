-- The server's playlists: a name and a copy of each song (id, title, artist, genre, duration) in order.
CREATE TABLE playlists (
    id          text    NOT NULL PRIMARY KEY,
    name        text    NOT NULL,
    created_at  bigint  NOT NULL,
    song_count  integer NOT NULL
);

CREATE TABLE playlist_songs (
    playlist_id text    NOT NULL REFERENCES playlists (id) ON DELETE CASCADE,
    position    integer NOT NULL,
    catalog_id  text    NOT NULL,
    title       text    NOT NULL,
    artist      text    NOT NULL,
    genre       text    NOT NULL,
    duration_s  integer NOT NULL,
    PRIMARY KEY (playlist_id, position)
);
