-- The analysis: coders, the codebook and its versions, codings, progress,
-- memos and themes.

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE coders (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	role       TEXT NOT NULL CHECK (role IN ('coder', 'pi', 'consensus')),
	created_at TEXT NOT NULL
);

CREATE TABLE codes (
	id              TEXT PRIMARY KEY,
	parent_id       TEXT REFERENCES codes(id),
	name            TEXT NOT NULL,
	definition      TEXT NOT NULL DEFAULT '',
	when_to_use     TEXT NOT NULL DEFAULT '',
	when_not_to_use TEXT NOT NULL DEFAULT '',
	example         TEXT NOT NULL DEFAULT '',
	color           TEXT NOT NULL DEFAULT '',
	created_by      TEXT REFERENCES coders(id),
	created_at      TEXT NOT NULL,
	retired_at      TEXT,
	merged_into     TEXT REFERENCES codes(id),
	split_from      TEXT REFERENCES codes(id)
);
-- A name is unique among the active children of one parent.
CREATE UNIQUE INDEX codes_sibling_name ON codes(coalesce(parent_id, ''), name) WHERE retired_at IS NULL;

CREATE TABLE codings (
	id         TEXT PRIMARY KEY,
	source_id  TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	code_id    TEXT NOT NULL REFERENCES codes(id),
	coder_id   TEXT NOT NULL REFERENCES coders(id),
	start      INTEGER NOT NULL,
	end        INTEGER NOT NULL CHECK (end > start),
	memo       TEXT NOT NULL DEFAULT '',
	flagged    TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	UNIQUE (source_id, code_id, coder_id, start, end)
);
CREATE INDEX codings_code ON codings(code_id);
CREATE INDEX codings_source_coder ON codings(source_id, coder_id, start);

CREATE TABLE codebook_versions (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	note       TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL DEFAULT '',
	snapshot   TEXT NOT NULL
);

-- A coder marks a source finished for themselves.
CREATE TABLE source_done (
	source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	coder_id  TEXT NOT NULL REFERENCES coders(id),
	done_at   TEXT NOT NULL,
	PRIMARY KEY (source_id, coder_id)
);

CREATE TABLE memos (
	id          TEXT PRIMARY KEY,
	target_kind TEXT NOT NULL CHECK (target_kind IN ('project', 'source', 'turn', 'code', 'coding', 'theme')),
	target_id   TEXT NOT NULL DEFAULT '',
	author      TEXT NOT NULL DEFAULT '',
	title       TEXT NOT NULL DEFAULT '',
	body        TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
);
CREATE INDEX memos_target ON memos(target_kind, target_id);

CREATE TABLE themes (
	id         TEXT PRIMARY KEY,
	parent_id  TEXT REFERENCES themes(id),
	name       TEXT NOT NULL,
	definition TEXT NOT NULL DEFAULT '',
	created_by TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX themes_sibling_name ON themes(coalesce(parent_id, ''), name);

-- Plain-language summaries of a theme for participants, one per language.
CREATE TABLE theme_summaries (
	theme_id TEXT NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
	language TEXT NOT NULL,
	summary  TEXT NOT NULL,
	PRIMARY KEY (theme_id, language)
);

CREATE TABLE theme_codes (
	theme_id TEXT NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
	code_id  TEXT NOT NULL REFERENCES codes(id),
	PRIMARY KEY (theme_id, code_id)
);
