-- Foundation: the project, the event log, sources with their turns and
-- units, speakers and participants.

CREATE TABLE project (
	id         TEXT PRIMARY KEY,
	title      TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);

-- One append-only log of every change (docs/DATA.md, "Events").
CREATE TABLE events (
	seq       INTEGER PRIMARY KEY AUTOINCREMENT,
	id        TEXT NOT NULL UNIQUE,
	-- Events written by one transaction share an action id: one user action,
	-- undone as a whole.
	action    TEXT NOT NULL DEFAULT '',
	at        TEXT NOT NULL,
	actor     TEXT NOT NULL DEFAULT '',
	kind      TEXT NOT NULL,
	entity_id TEXT NOT NULL DEFAULT '',
	before    TEXT,
	after     TEXT,
	reason    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_entity ON events(entity_id);
CREATE INDEX events_kind ON events(kind);
CREATE INDEX events_action ON events(action);
CREATE INDEX events_actor ON events(actor, seq);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;

CREATE TABLE participants (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	pseudonym  TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL
);

CREATE TABLE participant_attributes (
	participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
	key            TEXT NOT NULL,
	value          TEXT NOT NULL,
	PRIMARY KEY (participant_id, key)
);

CREATE TABLE sources (
	id            TEXT PRIMARY KEY,
	name          TEXT NOT NULL UNIQUE,
	grp           TEXT NOT NULL DEFAULT '',
	format        TEXT NOT NULL,
	original_file TEXT NOT NULL DEFAULT '',
	language      TEXT NOT NULL DEFAULT '',
	text          TEXT NOT NULL,
	sha256        TEXT NOT NULL,
	chars         INTEGER NOT NULL,
	imported_at   TEXT NOT NULL
);
CREATE INDEX sources_sha ON sources(sha256);

CREATE TABLE speakers (
	id             TEXT PRIMARY KEY,
	source_id      TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	name           TEXT NOT NULL,
	role           TEXT NOT NULL DEFAULT 'participant' CHECK (role IN ('participant', 'moderator')),
	participant_id TEXT REFERENCES participants(id) ON DELETE SET NULL,
	UNIQUE (source_id, name)
);
CREATE INDEX speakers_participant ON speakers(participant_id);

CREATE TABLE turns (
	id          TEXT PRIMARY KEY,
	source_id   TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	seq         INTEGER NOT NULL,
	speaker_id  TEXT REFERENCES speakers(id),
	label       TEXT NOT NULL DEFAULT '',
	label_start INTEGER NOT NULL,
	label_end   INTEGER NOT NULL,
	start       INTEGER NOT NULL,
	end         INTEGER NOT NULL,
	start_ms    INTEGER,
	end_ms      INTEGER,
	UNIQUE (source_id, seq)
);
CREATE INDEX turns_speaker ON turns(speaker_id);

-- Unit boundaries (sentences, words) computed once at import: a list of
-- code-point spans encoded as delta uvarints, one row per source and kind.
CREATE TABLE units (
	source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	kind      TEXT NOT NULL,
	count     INTEGER NOT NULL,
	spans     BLOB NOT NULL,
	PRIMARY KEY (source_id, kind)
);
