-- The consensus layer: codings under the reserved coder "consensus", with
-- where each came from, and each source's consensus status.

-- Provenance of every consensus coding.
CREATE TABLE consensus_provenance (
	coding_id        TEXT PRIMARY KEY REFERENCES codings(id) ON DELETE CASCADE,
	method           TEXT NOT NULL,               -- seeded-identical, seeded-overlap, take, both, overlap, span
	from_codings     TEXT NOT NULL DEFAULT '[]',  -- JSON list of {id, coder, start, end}
	from_coders      TEXT NOT NULL DEFAULT '[]',  -- JSON list of coder names
	decided_by       TEXT NOT NULL DEFAULT '',
	decided_at       TEXT NOT NULL,
	codebook_version TEXT NOT NULL DEFAULT '',
	stale            TEXT NOT NULL DEFAULT ''     -- why a later coder edit may affect it
);

-- Decisions on places where coders differed (including "drop").
CREATE TABLE consensus_decisions (
	id         TEXT PRIMARY KEY,
	source_id  TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	code_id    TEXT NOT NULL REFERENCES codes(id),
	start      INTEGER NOT NULL,
	end        INTEGER NOT NULL,
	decision   TEXT NOT NULL,
	coders     TEXT NOT NULL DEFAULT '[]',
	decided_by TEXT NOT NULL DEFAULT '',
	decided_at TEXT NOT NULL,
	UNIQUE (source_id, code_id, start, end)
);

-- Consensus status per source; no row means "none".
CREATE TABLE consensus_status (
	source_id TEXT PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
	status    TEXT NOT NULL CHECK (status IN ('partial', 'complete')),
	coders    TEXT NOT NULL DEFAULT '[]',
	set_by    TEXT NOT NULL DEFAULT '',
	set_at    TEXT NOT NULL
);
