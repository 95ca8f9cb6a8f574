-- The music folder's index: one row per audio file, keyed by the folder and the file's path in it.
-- size + modified_at (Unix ms) tell whether the tags must be read again.
CREATE TABLE music_files (
    root         text    NOT NULL,
    path         text    NOT NULL,
    size         bigint  NOT NULL,
    modified_at  bigint  NOT NULL,
    title        text    NOT NULL,
    artist       text    NOT NULL,
    album        text    NOT NULL,
    year         integer NOT NULL,
    genre        text    NOT NULL,
    duration_s   integer NOT NULL,
    track        integer NOT NULL,
    cover_tag    text,
    PRIMARY KEY (root, path)
);
