-- Catalog schema, written once for H2 (MODE=MySQL) and MariaDB/MySQL, and kept to SQL that
-- Vitess and TiDB accept: no triggers, no procedures, no foreign keys (rows of related tables
-- may live on different shards; the application keeps them consistent in one transaction).
-- Sized for ~200 million tracks: BIGINT ids, only the indexes that queries use.

-- Satellite accounts. password_hash holds a slow-KDF string (e.g. PBKDF2/bcrypt/argon2
-- encoded with its parameters and salt), never the password. max_send/max_recv are the
-- user's concurrent transfer slots, read at login.
CREATE TABLE users (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    name          VARCHAR(64)  NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    max_send      SMALLINT     NOT NULL DEFAULT 4,
    max_recv      SMALLINT     NOT NULL DEFAULT 4,
    created_at    TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    UNIQUE KEY uq_users_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- One row per distinct song. norm_key = first 16 bytes of SHA-256 over the normalised words
-- of artist, title and album (see TrackKeys): the identity that makes imports idempotent and
-- lets satellites resolve their files to an id without a text index on the wide columns.
CREATE TABLE tracks (
    id         BIGINT       NOT NULL AUTO_INCREMENT,
    artist     VARCHAR(255) NOT NULL,
    title      VARCHAR(255) NOT NULL,
    album      VARCHAR(255) NOT NULL DEFAULT '',
    norm_key   BINARY(16)   NOT NULL,
    created_at TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    UNIQUE KEY uq_tracks_norm_key (norm_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Historical availability, apart from tracks so that the daily update rewrites narrow rows
-- only. A track without a row here has availability 0.
CREATE TABLE track_stats (
    track_id                BIGINT    NOT NULL,
    historical_availability DOUBLE    NOT NULL DEFAULT 0,
    updated_at              TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (track_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Change log the index shards tail by id (new rows are tailed from tracks.id directly):
-- 'reindex' after an edit, 'delete' after a removal. Written in the same transaction as the
-- change itself.
CREATE TABLE index_updates (
    id         BIGINT       NOT NULL AUTO_INCREMENT,
    track_id   BIGINT       NOT NULL,
    kind       VARCHAR(8)   NOT NULL,
    created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (id),
    KEY ix_index_updates_track (track_id),
    CONSTRAINT ck_index_updates_kind CHECK (kind IN ('reindex', 'delete'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
